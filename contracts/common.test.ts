import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cursorPart, decodeCursor, encodeCursor, ZCursor } from './common.js';

describe('page cursors', () => {
  // The directory's search cursor is [name length, name, id]: long Chinese names must still turn the page.
  const longName = '海宁市许村镇荣星村社区居家养老服务照料中心暨老年人日间照料与助餐服务站志愿者协会联合会第二分会'.repeat(2);
  const id = '3f0c2a8e-5b1d-4c7a-9e2f-1a2b3c4d5e6f';
  const shape = z.tuple([cursorPart.int, cursorPart.text, cursorPart.uuid]);

  it('takes the cursor of a row with a 100-character name and gives its parts back', () => {
    expect([...longName].length).toBeGreaterThanOrEqual(90);
    const cursor = encodeCursor([[...longName].length, longName, id]);
    expect(cursor.length).toBeGreaterThan(300);
    expect(ZCursor.safeParse(cursor).success).toBe(true);
    expect(decodeCursor(cursor, shape)).toEqual([[...longName].length, longName, id]);
  });

  it('refuses what is not a cursor of the list’s shape', () => {
    expect(decodeCursor(encodeCursor([1, 'x', 'not-a-uuid']), shape)).toBeNull();
    expect(decodeCursor('%%%', shape)).toBeNull();
    expect(decodeCursor(encodeCursor([1, 'a\u0000b', id]), shape)).toBeNull();
    expect(ZCursor.safeParse('x'.repeat(1025)).success).toBe(false);
  });
});
