import { describe, expect, it } from 'vitest';
import { DmChannels } from '../../../src/core/delivery/dm-channels.js';

describe('DmChannels (conversations.open once per user)', () => {
  it('requests for the same user share one call, even while it is in flight', async () => {
    const dms = new DmChannels();
    let calls = 0;
    const open = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return 'D0VEND1';
    };
    const ids = await Promise.all([dms.get('U1', open), dms.get('U1', open)]);
    expect(await dms.get('U1', open)).toBe('D0VEND1');
    expect(ids).toEqual(['D0VEND1', 'D0VEND1']);
    expect(calls).toBe(1);
    expect(await dms.get('U2', async () => 'D0VEND2')).toBe('D0VEND2');
  });

  it('forgets a call that failed or named no channel: the next request asks again', async () => {
    const dms = new DmChannels();
    await expect(dms.get('U1', () => Promise.reject(new Error('ratelimited')))).rejects.toThrow(
      'ratelimited',
    );
    expect(await dms.get('U1', async () => undefined)).toBeUndefined();
    expect(await dms.get('U1', async () => 'D0VEND1')).toBe('D0VEND1');
  });
});
