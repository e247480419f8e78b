import { PipeTransform } from '@nestjs/common';
import { ApiError } from './errors/api-error';

/** A cycle year in a path: a whole number from 1900 to 2999, else 400. */
export class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{4}$/.test(value) || Number(value) < 1900) {
      throw new ApiError(400, 'INVALID_YEAR', `"${value}" is not a cycle year; use a year such as 2007.`);
    }
    return Number(value);
  }
}

/** An id in a path (unit, item, metric, leader): a lower-case slug, else 400. */
export class SlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value) || value.length > 64) {
      throw new ApiError(400, 'INVALID_ID', `"${value.slice(0, 64)}" is not a valid id; ids are lower-case slugs such as "sansheng".`);
    }
    return value;
  }
}
