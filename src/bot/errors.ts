/** An error whose message is written for the user and safe to show them (privately). */
export class UserError extends Error {
  override name = 'UserError';
}
