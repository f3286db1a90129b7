// What the typed `call` refuses, checked by `npm run check` (svelte-check
// reads test files too): each `@ts-expect-error` fails the check if the line
// below it ever type-checks, i.e. if a wrong command or argument would only
// fail at run time. The calls are built, never run.
import { describe, expect, it } from 'vitest';
import { call } from './api';

function wrongCalls(): unknown[] {
  return [
    // @ts-expect-error: no such command.
    () => call('complete_the_task', { id: 'x' }),
    // @ts-expect-error: an argument renamed (`task` instead of `id`).
    () => call('complete_task', { task: 'x' }),
    // @ts-expect-error: a command that takes arguments called without them.
    () => call('edit_task'),
    // @ts-expect-error: a command that takes none called with some.
    () => call('get_setup', { id: 'x' }),
    // @ts-expect-error: the result is typed: a Task has no `lot`.
    async () => (await call('complete_task', { id: 'x' })).lot,
  ];
}

describe('typed commands', () => {
  it('are refused by the type checker when misnamed or misused', () => {
    expect(wrongCalls()).toHaveLength(5);
  });
});
