import { UserError } from '../../src/errors.js';

/** Runs `fn` and returns the UserError it throws; fails the test when it throws nothing or something else. */
export function userErrorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}
