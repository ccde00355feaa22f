/**
 * The fake Excel (test/support/fake-excel.ts), errors: what Office.js rejects a sync with.
 * Documented: `OfficeExtension.Error` (name "RichApi.Error", a code, debug info) and PropertyNotLoaded
 * for a property read before load + sync ("Excel JavaScript API core concepts"). Guessed: the fake's
 * error messages (the codes are Office.js's).
 */

/** What Office.js rejects a sync with (`OfficeExtension.Error`: name "RichApi.Error", a code, debug info). */
export class FakeRichApiError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  readonly innerError: null = null;
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }
}

export function fail(code: string, message: string, where?: string): never {
  throw new FakeRichApiError(code, message, where);
}

export function notLoaded(prop: string, type: string): never {
  throw new FakeRichApiError(
    'PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${type}.${prop}`,
  );
}
