// The meanings a CSV column can be given in the mapping step, as the names a `ColumnMap` sends
// (plain header words Kith reads as a header would be read), with the labels people see.

/** The name that skips a column. */
export const SKIP = "-";

export type Meaning = { name: string; label: string };
export type MeaningGroup = { label: string; meanings: Meaning[] };

const ADDRESS_PARTS: Meaning[] = [
  { name: "street", label: "Street" },
  { name: "city", label: "City" },
  { name: "region", label: "Region or state" },
  { name: "postal code", label: "Postal code" },
  { name: "country", label: "Country" },
];

const addressGroup = (prefix: "home" | "work"): MeaningGroup => ({
  label: `${prefix === "home" ? "Home" : "Work"} address`,
  meanings: ADDRESS_PARTS.map((p) => ({ name: `${prefix} ${p.name}`, label: `${prefix === "home" ? "Home" : "Work"} ${p.label.toLowerCase()}` })),
});

/** The standard meanings, grouped as the select shows them. */
export const MEANING_GROUPS: MeaningGroup[] = [
  {
    label: "Name",
    meanings: [
      { name: "name", label: "Full name" },
      { name: "first name", label: "First name" },
      { name: "middle name", label: "Middle name" },
      { name: "last name", label: "Last name" },
    ],
  },
  {
    label: "Email and phone",
    meanings: [
      { name: "email", label: "Email" },
      { name: "work email", label: "Work email" },
      { name: "home email", label: "Home email" },
      { name: "phone", label: "Phone" },
      { name: "mobile", label: "Mobile phone" },
      { name: "work phone", label: "Work phone" },
      { name: "home phone", label: "Home phone" },
    ],
  },
  {
    label: "Work",
    meanings: [
      { name: "company", label: "Company" },
      { name: "title", label: "Job title" },
      { name: "industry", label: "Industry" },
    ],
  },
  {
    label: "About them",
    meanings: [
      { name: "birthday", label: "Birthday" },
      { name: "relationship", label: "Relationship" },
      { name: "location", label: "Location" },
      { name: "tags", label: "Tags" },
      { name: "notes", label: "Notes" },
    ],
  },
  {
    label: "Online",
    meanings: [
      { name: "website", label: "Website" },
      { name: "linkedin", label: "LinkedIn" },
      { name: "twitter", label: "Twitter / X" },
    ],
  },
  { label: "Address", meanings: ADDRESS_PARTS },
  addressGroup("home"),
  addressGroup("work"),
];

const LABELS = new Map<string, string>([
  [SKIP, "Skip this column"],
  ...MEANING_GROUPS.flatMap((g) => g.meanings.map((m): [string, string] => [m.name, m.label])),
]);

/** Whether `name` is one of the meanings the select lists (skipping included). */
export function isStandard(name: string): boolean {
  return LABELS.has(name);
}

/** The name of a column with no header of its own, as Kith names such custom fields. */
export function columnName(i: number): string {
  return `Column ${i + 1}`;
}

/**
 * Whether Kith's guess for a column keeps it as a custom field (rather than reading it as a field
 * the select does not list, such as `home fax`): the guess is then the header itself, or
 * `Column N` for a file without a header.
 */
export function guessIsCustom(guess: string, cell: string, header: boolean): boolean {
  if (isStandard(guess)) return false;
  return /^Column \d+$/.test(guess) || (header && guess === cell);
}

/** What the select says a column name means: its label, else the name with a capital. */
export function meaningLabel(name: string): string {
  return LABELS.get(name) ?? name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Whether a column read as `name` tells Kith who a row is: a name (full, first, middle or
 * last), an email or a phone. A file needs one such column.
 */
export function namesPerson(name: string): boolean {
  const n = name.trim().toLowerCase();
  return (
    ["name", "first name", "middle name", "last name", "email", "phone", "mobile", "fax", "pager"].includes(n) ||
    /\s(email|phone|fax|pager)$/.test(n)
  );
}

/**
 * A message of kith-core about the columns, worded for this screen: the core words it for the
 * command line too (`--columns: ...`, "name the columns with --columns ..."), and the mapping
 * step is what stands for that flag here.
 */
export function forScreen(message: string): string {
  return message
    .replace(/^--columns:\s*/, "")
    .split(/;\s*/)
    .filter((part) => !part.includes("--columns"))
    .join("; ");
}
