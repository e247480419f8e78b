import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from './api-error';
import { unstorableFields } from './storable-text';

/** Deeper than any body of docs/api.md: refused before validation, whose recursion it would exhaust. */
const MAX_DEPTH = 16;

const depthOf = (value: unknown, limit: number): number => {
  if (value === null || typeof value !== 'object') return 0;
  if (limit === 0) return 1;
  let deepest = 0;
  for (const inner of Object.values(value)) deepest = Math.max(deepest, depthOf(inner, limit - 1));
  return deepest + 1;
};

/**
 * Names no DTO has, which the validation would drop before it looks for unknown fields: Nest
 * strips __proto__, prototype and constructor, and class-transformer skips any name an object
 * already has (toString, hasOwnProperty, ...). Refused like any other unknown field instead.
 */
const isDroppedUnseen = (key: string): boolean => key === 'prototype' || key in Object.prototype;

/** Where such names are in a body (already known not to be nested too deep), as dotted paths. */
const droppedFields = (value: unknown, parent = ''): string[] => {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const field = parent ? `${parent}.${key}` : key;
    return isDroppedUnseen(key) ? [field] : droppedFields(inner, field);
  });
};

/**
 * A field left out fails every check on it, in the order its decorators happen to run ("must be
 * shorter than 2000 characters"); what is worth saying is that it is required. Optional fields
 * are not checked when absent, so a problem with an absent value is always this one.
 */
const problemsOf = (error: ValidationError, field: string): string[] =>
  error.value === undefined ? [`${field} is required`] : Object.values(error.constraints ?? {});

const flatten = (errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: problemsOf(error, field) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });

/**
 * Bodies are checked against their DTOs: unknown fields refused, types exact, strings bounded.
 * Path and query parameters are left to their own pipes, which say what a good one looks like.
 */
class BodyValidationPipe extends ValidationPipe {
  override async transform(given: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return given;
    // No body at all is an empty one: a route whose fields are all optional needs none.
    const value = given === undefined ? {} : given;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request body must be a JSON object.');
    }
    if (depthOf(value, MAX_DEPTH) > MAX_DEPTH) {
      throw new ApiError(
        400,
        'VALIDATION_FAILED',
        `The request body is nested more than ${MAX_DEPTH} levels deep.`,
      );
    }
    const dropped = droppedFields(value);
    if (dropped.length > 0) {
      const details = dropped.map((field) => ({
        field,
        problems: [`property ${field.split('.').pop()} should not exist`],
      }));
      throw new ApiError(
        400,
        'VALIDATION_FAILED',
        `The request is not valid: ${details[0]!.problems[0]}.`,
        details,
      );
    }
    const unstorable = unstorableFields(value);
    if (unstorable.length > 0) {
      throw new ApiError(
        400,
        'VALIDATION_FAILED',
        `The request is not valid: ${unstorable[0]!.problems[0]}.`,
        unstorable,
      );
    }
    return super.transform(value, metadata);
  }
}

export const ledgerValidationPipe = () =>
  new BodyValidationPipe({
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
