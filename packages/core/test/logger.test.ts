import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../src/errors.ts';
import { type LogFields, maskPhone, safeLogger } from '../src/logger.ts';

function capture(options?: { revealPhoneNumbers?: boolean }) {
  const lines: Array<[string, LogFields | undefined]> = [];
  const sink = (m: string, f?: LogFields) => void lines.push([m, f]);
  return { lines, logger: safeLogger({ debug: sink, info: sink, warn: sink, error: sink }, options) };
}

describe('safe logging', () => {
  it('masks consumer numbers by default, in fields and in text', () => {
    const { lines, logger } = capture();
    logger.info('engagement from +14155550123 at 2026-01-31T23:59:59Z', {
      consumer_number: '+14155550123',
      nested: { phone: '+442071838750' },
    });
    expect(JSON.stringify(lines)).not.toMatch(/4155550123|2071838750/);
    expect(lines[0]![0]).toContain('+1415•••0123');
    expect(lines[0]![0]).toContain('2026-01-31T23:59:59Z');
  });

  it('reveals numbers only when asked', () => {
    const { lines, logger } = capture({ revealPhoneNumbers: true });
    logger.info('x', { consumer_number: '+14155550123' });
    expect(lines[0]![1]).toEqual({ consumer_number: '+14155550123' });
  });

  it('always redacts secrets and tokens', () => {
    const { lines, logger } = capture({ revealPhoneNumbers: true });
    logger.error('failed with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghij', {
      client_secret: 'shh',
      headers: { authorization: 'Basic aWQ6c2VjcmV0' },
      body: '{"access_token":"eyJabc.def.ghi"}',
    });
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/shh|aWQ6c2VjcmV0|eyJhbGci|eyJabc/);
  });

  it('masks enough to tell numbers apart', () => {
    expect(maskPhone('+14155550123')).toBe('+1415•••0123');
    expect(maskPhone('123')).toBe('•••');
  });

  it('redactSecrets keeps the surrounding words', () => {
    expect(redactSecrets('token=abc123def&x=1')).toBe('token=[redacted]&x=1');
  });
});
