import { hostname } from 'node:os';

/** This process as runs and parts record who works on them: `host:pid`. */
export const PROCESS_NAME = `${hostname()}:${process.pid}`;
