import { Decider, DomainError, DomainErrorCode, Message } from '@ledger/domain';

/**
 * Given events / When command / Then events or refusal, for any decider. The context holds
 * the facts from other streams that the command is decided against.
 */
export const specFor =
  <C extends Message, E extends Message, S, Ctx>(decider: Decider<C, E, S, Ctx>) =>
  (given: E[]) => ({
    when: (command: C, context?: Ctx) => {
      const state = given.reduce(decider.evolve, decider.initialState);
      const result = decider.decide(command, state, context as Ctx);
      return {
        then: (expected: E[]) => {
          if (result instanceof DomainError)
            throw new Error(`expected events, got refusal ${result.code}: ${result.message}`);
          expect(result).toEqual(expected);
        },
        thenNothing: () => {
          if (result instanceof DomainError)
            throw new Error(`expected no events, got refusal ${result.code}`);
          expect(result).toEqual([]);
        },
        thenRefuses: (code: DomainErrorCode) => {
          if (!(result instanceof DomainError))
            throw new Error(`expected refusal ${code}, got ${JSON.stringify(result)}`);
          expect(result.code).toBe(code);
          expect(result.message.length).toBeGreaterThan(10);
          return result;
        },
        result,
      };
    },
  });
