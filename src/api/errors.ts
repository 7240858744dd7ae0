// Errors a client can act on. They reach the client with their message and a code; anything
// else is masked by yoga as "Unexpected error." (and logged), which is what we want for bugs.

import { GraphQLError } from 'graphql';

export class UserInputError extends GraphQLError {
  constructor(message: string, code = 'BAD_USER_INPUT') {
    super(message, { extensions: { code } });
  }
}
