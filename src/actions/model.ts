/**
 * Actions: who does what by when, from a shooting, a place or a meeting (issue 7). This file holds the
 * vocabulary, the one table of allowed status changes, the zod schemas every edge validates with (HTTP
 * bodies and queries, CLI flags), and who may see which actions (`actionScope`).
 *
 * Safeguard (docs/domain.md, "People"): links to people are intelligence on individuals. Only roles with
 * records:read ever see them; partners and community members see their own agency's actions without them.
 */
import { z } from "zod";
import { can, type Principal } from "../auth/roles.js";
import { AppError } from "../domain/errors.js";

export const ACTION_TYPES = [
  "violence-interruption-referral",
  "hospital-outreach-referral",
  "victim-services",
  "directed-patrol",
  "investigative-follow-up",
  "nibin-lead",
  "warrant-service",
  "place-remediation",
  "other",
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const ACTION_STATUSES = ["open", "in-progress", "done", "blocked", "cancelled"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_ORIGINS = ["shooting", "place", "meeting", "other"] as const;
export type ActionOrigin = (typeof ACTION_ORIGINS)[number];

export const LINK_KINDS = ["incident", "area", "place", "meeting", "person", "operation"] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const EVENT_KINDS = ["created", "status", "note", "assigned", "due"] as const;
export type ActionEventKind = (typeof EVENT_KINDS)[number];

/**
 * The allowed status changes, from -> to. Closing (done, cancelled) is possible from any open state except
 * blocked -> done (say what unblocked it first: back to open or in progress); a closed action can only be
 * reopened. Staying in the same status is not a change and is refused.
 */
export const TRANSITIONS: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = Object.freeze({
  open: ["in-progress", "done", "blocked", "cancelled"],
  "in-progress": ["open", "done", "blocked", "cancelled"],
  blocked: ["open", "in-progress", "cancelled"],
  done: ["open"],
  cancelled: ["open"],
});

/** Closed = done or cancelled: one definition for the store, the inbox, the review and the packet. */
export const CLOSED_STATUSES: readonly ActionStatus[] = ["done", "cancelled"];

export function isClosed(status: ActionStatus): boolean {
  return CLOSED_STATUSES.includes(status);
}

/** SQL: whether the action row aliased `alias` is closed. */
export function closedSql(alias = "a"): string {
  return `${alias}.status IN (${CLOSED_STATUSES.map((s) => `'${s}'`).join(", ")})`;
}

export function canTransition(from: ActionStatus, to: ActionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws a "conflict" (HTTP 409) naming the statuses that are allowed from `from`. */
export function checkTransition(from: ActionStatus, to: ActionStatus): void {
  if (canTransition(from, to)) return;
  const allowed = TRANSITIONS[from].join(", ");
  const why = from === to ? `the action is already ${to}` : `an action cannot go from ${from} to ${to}`;
  throw new AppError("conflict", `status: ${why} (from ${from} it may go to: ${allowed})`);
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** True for a real calendar day written YYYY-MM-DD (2025-02-30 is not). */
function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

export const DateSchema = z
  .string()
  .regex(DATE_RE, "expected a date YYYY-MM-DD")
  .refine(isCalendarDate, { message: "not a calendar date" });

const LINK_REF: Record<LinkKind, { re: RegExp; hint: string }> = {
  incident: { re: /^\d+$/, hint: "an incident uid (a whole number)" },
  area: { re: /^[^:]+:.+$/, hint: "LAYER:NAME, e.g. district:3" },
  place: { re: /^-?\d{1,3}(\.\d+)?,-?\d{1,2}(\.\d+)?$/, hint: "lon,lat in WGS84, e.g. -87.65,41.85" },
  meeting: { re: /^\d+$/, hint: "a meeting id" },
  person: { re: /^.{1,200}$/, hint: "a person id" },
  operation: { re: /^\d+$/, hint: "an operation id" },
};

export const ActionLinkSchema = z
  .object({ kind: z.enum(LINK_KINDS), ref: z.string().trim().min(1).max(200) })
  .superRefine((l, ctx) => {
    const rule = LINK_REF[l.kind];
    if (!rule.re.test(l.ref))
      ctx.addIssue({ code: "custom", path: ["ref"], message: `a ${l.kind} link needs ${rule.hint}` });
  });
export type ActionLink = z.infer<typeof ActionLinkSchema>;

const Text = (max: number) => z.string().trim().min(1).max(max);
const AgencyCode = z.string().trim().min(1, "name the agency (e.g. ATF)").max(40);

export const CreateActionSchema = z.object({
  title: Text(200),
  type: z.enum(ACTION_TYPES),
  agency: AgencyCode,
  owner: Text(120).nullish(),
  due: DateSchema.nullish(),
  origin: z.enum(ACTION_ORIGINS),
  links: z.array(ActionLinkSchema).max(50).default([]),
  note: Text(2000).nullish(),
});
export type CreateActionInput = z.input<typeof CreateActionSchema>;

/** A change: review roles may send any field; partners and community members only status and note. */
export const UpdateActionSchema = z
  .object({
    status: z.enum(ACTION_STATUSES).optional(),
    note: Text(2000).optional(),
    title: Text(200).optional(),
    type: z.enum(ACTION_TYPES).optional(),
    agency: AgencyCode.optional(),
    owner: Text(120).nullable().optional(),
    due: DateSchema.nullable().optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), {
    message: "send at least one of status, note, title, type, agency, owner, due",
  });
export type UpdateActionInput = z.input<typeof UpdateActionSchema>;

/** Validates at an edge that is not HTTP (CLI, other modules): a failure is one "invalid-argument" line. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new AppError(
    "invalid-argument",
    `${issue?.path.join(".") || "action"}: ${issue?.message ?? "invalid"}`,
  );
}

/** Fields only actions:manage may change. */
export const MANAGER_FIELDS = ["title", "type", "agency", "owner", "due"] as const;

export interface ActionFilter {
  readonly status?: readonly ActionStatus[];
  readonly agency?: string;
  readonly type?: readonly ActionType[];
  readonly origin?: readonly ActionOrigin[];
  /** true: only overdue; false: only not overdue. */
  readonly overdue?: boolean;
  readonly link?: { readonly kind: LinkKind; readonly ref: string };
  /** Due on or before / on or after these days (YYYY-MM-DD). */
  readonly dueBefore?: string;
  readonly dueAfter?: string;
  readonly limit?: number;
}

/** One action as the API, CLI and page show it. */
export interface Action {
  readonly id: number;
  readonly title: string;
  readonly type: ActionType;
  readonly agency: string;
  readonly owner: string | null;
  readonly due: string | null;
  readonly status: ActionStatus;
  readonly origin: ActionOrigin;
  /** Not closed and due before today in the city's time zone. */
  readonly overdue: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  /** Links the caller may see (never `person` for partners and community members). */
  readonly links: readonly ActionLink[];
  /** How many person links were left out (only for roles that may see them, otherwise absent). */
  readonly hiddenPersonLinks?: number;
}

export interface ActionEvent {
  readonly seq: number;
  readonly at: string;
  readonly username: string | null;
  readonly kind: ActionEventKind;
  readonly from: string | null;
  readonly to: string | null;
  readonly note: string | null;
  readonly detail: Record<string, unknown> | null;
}

export interface ActionDetail extends Action {
  readonly history: readonly ActionEvent[];
}

/**
 * Which actions a caller sees: the review roles every action, partners and community members only their
 * own agency's (none when they have no agency). `people` says whether person links may ever be shown.
 */
export type ActionScope =
  | { readonly kind: "all"; readonly people: boolean }
  | { readonly kind: "agency"; readonly agency: string | null; readonly people: false };

export function actionScope(principal: Principal): ActionScope {
  if (can(principal, "actions:manage")) return { kind: "all", people: can(principal, "records:read") };
  return { kind: "agency", agency: principal.agency, people: false };
}
