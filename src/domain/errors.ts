// Typed domain errors. Domain code throws these; the one HTTP error handler turns them into problem+json.

/** A failing field, by JSON pointer into the request (e.g. "/mechanisms/0"). */
export type FieldProblem = {
  pointer: string;
  message: string;
  code?: string;
  suggestions?: TermSuggestion[];
  /** Where in the field's text the problem is (characters, end exclusive): e.g. personal data, never echoed. */
  range?: { start: number; end: number | undefined };
};

export type TermSuggestion = { facet: string; slug: string; label: string; matchedOn?: string };

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  abstract readonly title: string;
  /** Extra members for the problem document. */
  extensions(): Record<string, unknown> {
    return {};
  }
  /** Reply headers the problem needs (e.g. WWW-Authenticate on a 401). */
  headers(): Record<string, string> {
    return {};
  }
}

/** No key, or a key that is unknown, revoked or expired (401, with a Bearer challenge). */
export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly type = "unauthenticated";
  readonly title = "Authentication required";
  constructor(
    message: string,
    /** RFC 6750's error code: `invalid_token` when a key was sent, `invalid_request` when the header is malformed. */
    readonly bearerError?: "invalid_token" | "invalid_request",
  ) {
    super(message);
  }
  override headers() {
    const error = this.bearerError ? `, error="${this.bearerError}"` : "";
    return { "www-authenticate": `Bearer realm="samskab"${error}` };
  }
}

/** A known key without the right to do this (403). */
export class Forbidden extends DomainError {
  readonly status = 403;
  readonly type = "forbidden";
  readonly title = "Forbidden";
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly type = "not-found";
  readonly title = "Not found";
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`No ${resource} with id '${id}'.`);
  }
  override extensions() {
    return { resource: this.resource, id: this.id };
  }
}

export class Conflict extends DomainError {
  readonly status = 409;
  readonly type = "conflict";
  readonly title = "Conflict";
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  override extensions() {
    return this.field ? { errors: [{ pointer: this.field, message: this.message, code: "duplicate" }] } : {};
  }
}

export class InvalidTransition extends DomainError {
  readonly status = 409;
  readonly type = "invalid-transition";
  readonly title = "Status transition not allowed";
  constructor(
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly string[],
  ) {
    super(
      `A lesson cannot go from '${from}' to '${to}'. Allowed next: ${allowed.length ? allowed.map((s) => `'${s}'`).join(", ") : "none (final state)"}.`,
    );
  }
  override extensions() {
    return { from: this.from, to: this.to, allowed: this.allowed };
  }
}

export class StaleVersion extends DomainError {
  readonly status = 412;
  readonly type = "stale-version";
  readonly title = "Precondition failed: the resource has changed";
  constructor(
    readonly expected: number,
    readonly current: number,
  ) {
    super(
      `If-Match named version ${expected} but the current version is ${current}. Read it again, merge, and retry with If-Match: "${current}".`,
    );
  }
  override extensions() {
    return { currentVersion: this.current };
  }
}

export class PreconditionRequired extends DomainError {
  readonly status = 428;
  readonly type = "precondition-required";
  readonly title = "Precondition required";
  constructor(
    message = 'This update needs an If-Match header with the version you read (the ETag, e.g. If-Match: "3").',
  ) {
    super(message);
  }
}

/** The request is well-formed but breaks a domain rule; names every failing field. */
export class Unprocessable extends DomainError {
  readonly status = 422;
  readonly type: string = "unprocessable";
  readonly title: string = "The request breaks a rule of the domain";
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.pointer}: ${p.message}`).join("; "));
  }
  override extensions() {
    return { errors: this.problems };
  }
}

/** One or more controlled terms do not exist; each problem carries the closest existing terms. */
export class UnknownTerm extends Unprocessable {
  override readonly type = "unknown-term";
  override readonly title = "Unknown controlled term";
}
