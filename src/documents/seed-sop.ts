/**
 * The seed's redlined SOP (../shared/seeds/003): the Purpose, Policy and Definition paragraphs of a
 * police department's Community Oriented Policing SOP, as revised by the city's violence prevention
 * partnership. The recap set the inserted words in italics; version 1 here is the text without them, and
 * version 2 the revision. The demo, the tests and the e2e test use it as the known answer of the redline.
 */

/** The revision as the recap printed it, insertions between asterisks. */
const MARKED = `Purpose
The purpose of this policy is to reaffirm the Milwaukee Police Department's commitment to community *oriented* policing and how community *oriented* policing principles *will be* incorporated into the department's training, policies, and standard practices *as determined by the Community Oriented Plan.*

Policy
It is the policy of the Milwaukee Police Department that all organizational functions will be conducted in accordance with the *determined plan* of community oriented policing. The Milwaukee Police Department is committed to working with individuals, *community groups,* and both public and private organizations. Building and establishing community partnerships is paramount to building trust and improving public safety.

Definition
Community *Oriented* Policing
Community *oriented* policing is a *strategy that promotes collaborative partnerships, positive community engagement, and problem solving techniques* to proactively address the immediate conditions that give rise to public safety issues such as crime, social disorder, and fear of crime.
`;

/** The inserted phrases, in order (the recap's italics). */
export const SEED_SOP_INSERTIONS: readonly string[] = [...MARKED.matchAll(/\*([^*]+)\*/g)].map(
  (m) => m[1] as string,
);

/** Version 2: the revised paragraphs. */
export const SEED_SOP_V2 = MARKED.replace(/\*([^*]+)\*/g, "$1");

/** Version 1: the same paragraphs before the partnership's insertions (each with the space before it). */
export const SEED_SOP_V1 = MARKED.replace(/ \*[^*]+\*/g, "");

export const SEED_SOP_TITLE = "Community Oriented Policing SOP";
