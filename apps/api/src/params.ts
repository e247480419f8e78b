import { PipeTransform } from '@nestjs/common';
import { isPosition } from '@ledger/event-store';
import { instantOf } from '@ledger/projections';
import { ApiError } from './errors/api-error';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Slugs joined by the ledger: a dispute id joins its event's id and its number with two dashes. */
const COMPOSED = /^[a-z0-9]+(?:--?[a-z0-9]+)*$/;

/** A cycle year in a path: a whole number from 1900 to 2999, else 400. */
export class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{4}$/.test(value) || Number(value) < 1900) {
      throw new ApiError(
        400,
        'INVALID_YEAR',
        `"${value.slice(0, 64)}" is not a cycle year; use a year such as 2007.`,
      );
    }
    return Number(value);
  }
}

/** An id in a path that must have a shape and a length, else 400 INVALID_ID saying what a good one is. */
class IdPipe implements PipeTransform<string, string> {
  constructor(
    private readonly shape: RegExp,
    private readonly maxLength: number,
    private readonly what: string,
  ) {}

  transform(value: string): string {
    if (!this.shape.test(value) || value.length > this.maxLength) {
      throw new ApiError(400, 'INVALID_ID', `"${value.slice(0, 64)}" is not a valid id; ${this.what}.`);
    }
    return value;
  }
}

/** An id in a path (unit, item, metric, leader, panel): a lower-case slug of at most 64 characters. */
export class SlugPipe extends IdPipe {
  constructor() {
    super(SLUG, 64, 'ids are lower-case slugs such as "sansheng"');
  }
}

/**
 * An id the ledger composes from others (a case: year, unit, item and number; a dispute: the
 * disputed event's id and a number), so longer than a slug may be.
 */
export class ComposedIdPipe extends IdPipe {
  constructor() {
    super(COMPOSED, 210, 'case and dispute ids are lower-case slugs as the ledger gave them');
  }
}

/** An optional log position in a query string, as a command's answer gave it. */
export class PositionPipe implements PipeTransform<string | undefined, string | undefined> {
  transform(value: string | undefined): string | undefined {
    if (value !== undefined && !isPosition(value)) {
      throw new ApiError(
        400,
        'INVALID_POSITION',
        `"${String(value).slice(0, 64)}" is not a log position; use one a command answered with.`,
      );
    }
    return value;
  }
}

/** An optional ISO 8601 instant in a query string. */
export class InstantPipe implements PipeTransform<string | undefined, string | undefined> {
  transform(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const instant = instantOf(value);
    if (instant === undefined) {
      throw new ApiError(
        400,
        'INVALID_INSTANT',
        `"${value.slice(0, 64)}" is not an ISO 8601 instant such as 2007-07-05T00:00:00Z.`,
      );
    }
    return instant;
  }
}

/** `?effectiveOn=2007-06-30`: a day, as YYYY-MM-DD. */
export class BusinessDatePipe implements PipeTransform<string | undefined, string | undefined> {
  transform(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? [];
    const day = y ? new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))) : null;
    if (!day || day.toISOString().slice(0, 10) !== value) {
      throw new ApiError(400, 'INVALID_DATE', `"${value.slice(0, 64)}" is not a day such as 2007-06-30.`);
    }
    return value;
  }
}

/** An optional whole number in a query string, within bounds. */
export class LimitPipe implements PipeTransform<string | undefined, number> {
  constructor(
    private readonly fallback: number,
    private readonly max: number,
  ) {}

  transform(value: string | undefined): number {
    if (value === undefined) return this.fallback;
    if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > this.max) {
      throw new ApiError(400, 'INVALID_LIMIT', `limit must be a whole number from 1 to ${this.max}.`);
    }
    return Number(value);
  }
}

/** A cursor into a stream: the revision after which a page starts (such as a page's `entriesNext`). */
export class RevisionCursorPipe implements PipeTransform<string | undefined, number | undefined> {
  transform(value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    if (!/^\d{1,15}$/.test(value)) {
      throw new ApiError(
        400,
        'INVALID_CURSOR',
        `"${String(value).slice(0, 64)}" is not a cursor; use a revision a page answered with (its entriesNext).`,
      );
    }
    return Number(value);
  }
}

/** A page size that may be left out: the whole list is then answered. */
export class OptionalLimitPipe implements PipeTransform<string | undefined, number | undefined> {
  private readonly limit: LimitPipe;

  constructor(max: number) {
    this.limit = new LimitPipe(max, max);
  }

  transform(value: string | undefined): number | undefined {
    return value === undefined ? undefined : this.limit.transform(value);
  }
}

/** A tree size in a query string: a whole number of leaves; absent allowed unless required. */
export class TreeSizePipe implements PipeTransform<string | undefined, number | undefined> {
  constructor(private readonly required = false) {}

  transform(value: string | undefined): number | undefined {
    if (value === undefined && !this.required) return undefined;
    if (value === undefined || !/^\d{1,15}$/.test(value)) {
      throw new ApiError(
        400,
        'INVALID_TREE_SIZE',
        `"${String(value ?? '').slice(0, 64)}" is not a tree size; use a whole number of leaves, such as a checkpoint's treeSize.`,
      );
    }
    return Number(value);
  }
}
