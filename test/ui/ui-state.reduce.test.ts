import { describe, expect, test } from 'vitest';
import { initialUiState, isAtRoot, reduceUi, type UiEvent, type UiState } from '../../src/ui/ui-state.js';
import type { KeyAction } from '../../src/ui/keymap.js';

const key = (action: KeyAction, rows = 10, selectedKey: number | null = null): UiEvent => ({ type: 'key', action, rows, page: 5, selectedKey });
const run = (state: UiState, ...events: UiEvent[]): UiState => events.reduce(reduceUi, state);

describe('reduceUi', () => {
  test('when Tab is pressed on the last view then it wraps to the first, Shift-Tab goes back', () => {
    expect(run(initialUiState, key('view-rejects'), key('next-view')).view).toBe('overview');
    expect(run(initialUiState, key('prev-view')).view).toBe('rejects');
  });
  test('when the cursor moves past either end then it stops there', () => {
    const failing = run(initialUiState, key('view-failing'));
    expect(run(failing, key('up')).cursor.failing).toBe(0);
    expect(run(failing, key('down', 3), key('down', 3), key('down', 3), key('down', 3)).cursor.failing).toBe(2);
    expect(run(failing, key('bottom', 42)).cursor.failing).toBe(41);
    expect(run(failing, key('page-down', 42), key('page-up', 42)).cursor.failing).toBe(0);
  });
  test('when Enter is pressed on a failing device then its detail opens, and Esc closes it', () => {
    const open = run(initialUiState, key('view-failing'), key('open', 3, 7));
    expect(open.detailKey).toBe(7);
    expect(isAtRoot(open)).toBe(false);
    expect(run(open, key('back')).detailKey).toBeNull();
  });
  test('when Enter is pressed elsewhere then nothing opens', () => {
    expect(run(initialUiState, key('open', 3, 7)).detailKey).toBeNull();
  });
  test('when / is typed then the failing view filters as you type; Esc clears it; Enter keeps it', () => {
    const typing = run(initialUiState, key('filter'), { type: 'filter-type', text: 'ali' }, { type: 'filter-type', text: 'x' }, { type: 'filter-erase' });
    expect(typing).toMatchObject({ view: 'failing', editingFilter: true, filter: 'ali' });
    expect(run(typing, { type: 'filter-done' })).toMatchObject({ editingFilter: false, filter: 'ali' });
    expect(run(typing, { type: 'filter-cancel' })).toMatchObject({ editingFilter: false, filter: '' });
    expect(run(typing, { type: 'filter-done' }, key('back')).filter).toBe('');
  });
  test('when s is pressed then the current view cycles its sort', () => {
    const failing = run(initialUiState, key('view-failing'), key('sort'));
    expect(failing.failingSort).toBe('last-seen');
    expect(run(failing, key('sort'), key('sort'), key('sort')).failingSort).toBe('severity');
    expect(run(initialUiState, key('view-servers'), key('sort')).serverSort).toBe('error-rate');
    expect(run(initialUiState, key('sort')).message).toMatch(/nothing to sort/);
  });
  test('when help is open then q, Esc and ? close it and other keys do nothing', () => {
    const help = run(initialUiState, key('help'));
    expect(help.help).toBe(true);
    expect(run(help, key('view-servers'))).toBe(help);
    expect(run(help, key('quit')).help).toBe(false);
    expect(run(help, key('back')).help).toBe(false);
    expect(run(help, key('help')).help).toBe(false);
  });
});
