import { passwordProblem } from './passwords';

describe('password rules', () => {
  it('refuses short, user-named, repeated and common passwords', () => {
    expect(passwordProblem('short', 'alice')).toMatch(/10 to 1000 characters/);
    expect(passwordProblem('alice12345', 'alice')).toMatch(/user name/);
    expect(passwordProblem('ALICE-is-great-99', 'alice')).toMatch(/user name/);
    expect(passwordProblem('aaaaaaaaaaaa', 'bob')).toMatch(/one character repeated/);
    expect(passwordProblem('1234567890', 'bob')).toMatch(/common passwords/);
    expect(passwordProblem('qwertyuiop', 'bob')).toMatch(/common passwords/);
    expect(passwordProblem('Password123', 'bob')).toMatch(/common passwords/);
  });

  it('takes a long, unusual one', () => {
    expect(passwordProblem('correct horse battery', 'alice')).toBeNull();
    expect(passwordProblem('a long enough password', 'mei')).toBeNull();
  });
});
