import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from './api-error';

const flatten = (errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });

/** Bodies are checked against their DTOs: unknown fields refused, types exact, strings bounded. */
export const ledgerValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const first = details[0];
      return new ApiError(
        400,
        'VALIDATION_FAILED',
        `The request is not valid${first ? `: ${first.problems[0]}` : ''}.`,
        details,
      );
    },
  });
