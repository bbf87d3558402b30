/**
 * "Today" for actions is the city's calendar day, not the server's: an action due on the 3rd is overdue
 * from midnight of the 4th in the city (America/Chicago for the demo city), whatever zone the server runs
 * in. The clock is passed in, so tests can stand a second either side of midnight.
 */
import { instantToLocalMs } from "../domain/time.js";
import { type ActionStatus, isClosed } from "./model.js";

/** The city's calendar day at `now`, YYYY-MM-DD. */
export function cityToday(timeZone: string, now: Date = new Date()): string {
  return new Date(instantToLocalMs(now.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Overdue = not closed (done, cancelled) and due before today. No due date is never overdue. */
export function isOverdue(a: { status: ActionStatus; due: string | null }, today: string): boolean {
  return a.due !== null && !isClosed(a.status) && a.due < today;
}

/** Due this week = not closed and due today or in the next six days (overdue ones are counted apart). */
export function isDueThisWeek(a: { status: ActionStatus; due: string | null }, today: string): boolean {
  return a.due !== null && !isClosed(a.status) && a.due >= today && a.due <= addDays(today, 6);
}
