import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { LimitQuery, MAX_ID } from '../../../common/dtos/filter.dto';
import { TOKEN_SCOPES, TokenScope, USER_ROLES, UserRole } from '#contracts';

export class SignInBody {
  @IsString()
  @Length(1, 100)
  username!: string;

  @IsString()
  @Length(1, 1000)
  password!: string;
}

/** A new account: a username and password as for signing in, and a role. */
export class CreateUserBody extends SignInBody {
  @IsIn(USER_ROLES)
  role!: UserRole;
}

export class UpdateUserBody {
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @IsOptional()
  @IsString()
  @Length(1, 1000)
  password?: string;
}

export class CreateTokenBody {
  @IsString()
  @Length(1, 100)
  name!: string;

  @IsIn(TOKEN_SCOPES)
  scope!: TokenScope;
}

export class AuditQuery extends LimitQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID, { message: 'before is larger than any id' })
  before?: number;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  target?: string;
}
