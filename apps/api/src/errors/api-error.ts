import { HttpException } from '@nestjs/common';

/** A refusal in the shape of docs/api.md: status, stable machine code, a human sentence, details. */
export class ApiError extends HttpException {
  constructor(status: number, code: string, message: string, details?: unknown) {
    super({ statusCode: status, code, message, ...(details === undefined ? {} : { details }) }, status);
  }
}
