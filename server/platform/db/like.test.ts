import { describe, expect, it } from 'vitest';
import { containing, escapeLike, startingWith } from './like.js';

describe('LIKE patterns from user text', () => {
  it('escape the wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(containing('社工%')).toBe('%社工\\%%');
    expect(startingWith('project.')).toBe('project.%');
    expect(startingWith('a_')).toBe('a\\_%');
  });
});
