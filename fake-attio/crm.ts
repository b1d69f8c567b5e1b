/**
 * The CRM side of the fake workspace: workspace members, lists with their attributes and entries,
 * and attributes created on people and companies. Owned by Store (cleared with it); reached by
 * the routes in crm-routes.ts and by tests through FakeAttio.crm.
 *
 * Seeded like a fresh workspace a sales team set up: one people list "Outbound pipeline" with a
 * `stage` status attribute (Prospect, Contacted, Qualified, Won, Lost) and an `owner`
 * actor-reference attribute. Real workspaces differ; tests and the settings page look them up.
 */
import type { AttributeTarget } from "./attributes";
import { notFound } from "./errors";
import type { FakeList, ListEntry } from "./lists";
import { seedMembers, type WorkspaceMember } from "./members";
import type { AttributeDef, AttributeType, ObjectDef, ObjectSlug, Schema } from "./schema";
import { nowTimestamp, uuid } from "./util";
import type { Actor } from "./values";

export interface NewListInput {
  name: string;
  apiSlug: string;
  parentObject?: "people" | "companies";
  /** Titles of the `stage` status attribute's statuses; none: no stage attribute. */
  stages?: string[];
  /** Adds an `owner` actor-reference attribute (default true). */
  owner?: boolean;
}

export class Crm {
  members: WorkspaceMember[] = [];
  lists: FakeList[] = [];
  entries: ListEntry[] = [];
  private readonly objectTargets = new Map<string, AttributeTarget>();

  constructor(
    private readonly schema: Schema,
    readonly workspaceId: string,
    private readonly seed: boolean,
  ) {
    this.clear();
  }

  /** Back to a fresh workspace: custom object attributes dropped, members and the seed list re-created. */
  clear(): void {
    for (const obj of Object.values(this.schema)) obj.attributes = obj.attributes.filter((a) => !a.custom);
    this.objectTargets.clear();
    this.members = seedMembers();
    this.lists = [];
    this.entries = [];
    if (this.seed) {
      this.createList({
        name: "Outbound pipeline",
        apiSlug: "outbound_pipeline",
        stages: ["Prospect", "Contacted", "Qualified", "Won", "Lost"],
      });
    }
  }

  memberIdByEmail(email: string): string | undefined {
    return this.members.find((m) => m.email === email)?.id;
  }

  memberExists(id: string): boolean {
    return this.members.some((m) => m.id === id);
  }

  /** The object's attributes as an attribute target; the array is the object's own, so creations show on records. */
  objectTarget(obj: ObjectDef): AttributeTarget {
    let t = this.objectTargets.get(obj.slug);
    if (!t) {
      t = {
        kind: "objects",
        id: obj.id,
        createdAt: "2022-11-21T13:22:49.061281000Z",
        get attributes() {
          return obj.attributes;
        },
      };
      this.objectTargets.set(obj.slug, t);
    }
    return t;
  }

  list(slugOrId: string): FakeList {
    const l = this.lists.find((x) => x.id === slugOrId || x.apiSlug === slugOrId);
    if (!l) throw notFound(`List with slug/ID "${slugOrId}" not found.`);
    return l;
  }

  // -------------------------------------------------------------------------------------------
  // Control: what a person does in Attio's UI (tests, the dev server).

  createList(input: NewListInput): FakeList {
    const list: FakeList = {
      kind: "lists",
      id: uuid(),
      apiSlug: input.apiSlug,
      name: input.name,
      parentObject: input.parentObject ?? "people",
      createdAt: nowTimestamp(),
      createdBy: { type: "workspace-member", id: this.members[0].id },
      attributes: [],
    };
    if (input.stages) {
      const stage = this.customAttribute(list, "stage", "Stage", "status");
      stage.custom?.choices.push(...input.stages.map((title) => ({ id: uuid(), title, archived: false })));
    }
    if (input.owner !== false) this.customAttribute(list, "owner", "Owner", "actor-reference");
    this.lists.push(list);
    return list;
  }

  private customAttribute(target: AttributeTarget, slug: string, title: string, type: AttributeType): AttributeDef {
    const attr: AttributeDef = {
      id: uuid(),
      slug,
      type,
      multi: false,
      unique: false,
      system: false,
      custom: { title, createdAt: nowTimestamp(), archived: false, workspaceId: this.workspaceId, objectId: target.id, choices: [] },
    };
    target.attributes.push(attr);
    return attr;
  }

  /** Deleting a list in Attio removes its entries. */
  deleteList(slugOrId: string): void {
    const l = this.list(slugOrId);
    this.lists = this.lists.filter((x) => x !== l);
    this.entries = this.entries.filter((e) => e.listId !== l.id);
  }

  /** Attio archives rather than deletes attributes; an archived attribute cannot be written. */
  archiveAttribute(target: { list: string } | { object: ObjectSlug }, slug: string): void {
    const attrs = "list" in target ? this.list(target.list).attributes : this.schema[target.object].attributes;
    const a = attrs.find((x) => x.slug === slug && x.custom);
    if (!a?.custom) throw new Error(`fake-attio: no custom attribute ${slug}`);
    a.custom.archived = true;
  }

  archiveStatus(listSlug: string, attributeSlug: string, title: string): void {
    const a = this.list(listSlug).attributes.find((x) => x.slug === attributeSlug);
    const c = a?.custom?.choices.find((x) => x.title === title);
    if (!c) throw new Error(`fake-attio: no status ${title}`);
    c.archived = true;
  }

  /**
   * Runs a change a person makes in Attio's UI; the server sets it so the change emits webhook
   * events as that member (events.ts). Without a server: just runs it.
   */
  userAction: <T>(actor: Actor, change: () => T) => T = (_actor, change) => change();

  /** A person (default: the second seeded member, Grace) moving an entry to another stage in Attio's UI. */
  setEntryStage(listSlug: string, entryId: string, title: string, memberEmail?: string): void {
    const member = memberEmail ? this.members.find((m) => m.email === memberEmail) : this.members[1];
    if (!member) throw new Error(`fake-attio: no workspace member ${memberEmail}`);
    const actor: Actor = { type: "workspace-member", id: member.id };
    this.userAction(actor, () => this.writeStage(listSlug, entryId, title, actor));
  }

  private writeStage(listSlug: string, entryId: string, title: string, actor: Actor): void {
    const list = this.list(listSlug);
    const stage = list.attributes.find((a) => a.slug === "stage");
    const c = stage?.custom?.choices.find((x) => x.title === title);
    const entry = this.entries.find((e) => e.id === entryId && e.listId === list.id);
    if (!c || !entry) throw new Error("fake-attio: unknown stage or entry");
    entry.values.set("stage", [{ data: { status_id: c.id }, active_from: nowTimestamp(), actor }]);
  }
}
