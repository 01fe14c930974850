import { reactive } from "@odoo/owl";
import { RPCError } from "@web/core/network/rpc";

/**
 * The journal of one group as the grid edits it: what the server sent (lessons, learners,
 * cells in flat arrays indexed by row * columns + column) and the changes typed since
 * (`pending`, by cell id), which are saved together in one call.
 *
 * One store per group lives as long as the page: the grid's Attendance and Marks tabs share
 * it, and whatever was typed survives switching tabs, leaving the journal or a save that
 * the server refuses, until it is saved or discarded.
 */
export class JournalStore {
    constructor(orm, groupId) {
        this.orm = orm;
        this.groupId = groupId;
        this.loaded = false;
        this.pending = new Map();
        // What the components watch (see journalUi): the big arrays stay outside.
        journalUi[groupId] = { version: 0, saving: false, error: "" };
        this.ui = journalUi[groupId];
    }

    async load() {
        const data = await this.orm.call("dpo.group", "dpo_journal_data", [[this.groupId]]);
        this.setData(data);
    }

    setData(data) {
        this.group = data.group;
        this.today = data.today;
        this.gradingScale = data.grading_scale;
        this.presences = data.presences;
        this.marks = data.marks;
        this.lessons = data.lessons;
        this.learners = data.learners;
        const columns = this.lessons.length;
        const size = this.learners.length * columns;
        const column = new Map(this.lessons.map((lesson, index) => [lesson.id, index]));
        const row = new Map(this.learners.map((learner, index) => [learner.id, index]));
        this.cellId = new Int32Array(size);
        this.presence = new Array(size).fill(false);
        this.mark = new Array(size).fill(false);
        this.indexById = new Map();
        for (const [id, lessonId, enrollmentId, presence, mark] of data.cells) {
            const c = column.get(lessonId);
            const r = row.get(enrollmentId);
            if (c === undefined || r === undefined) {
                continue;
            }
            const index = r * columns + c;
            this.cellId[index] = id;
            this.presence[index] = presence;
            this.mark[index] = mark;
            this.indexById.set(id, index);
        }
        // Changes typed before a reload stay, for the cells that are still there.
        for (const id of this.pending.keys()) {
            if (!this.indexById.has(id)) {
                this.pending.delete(id);
            }
        }
        this.todayColumn = this.findTodayColumn();
        this.loaded = true;
        this.touch();
    }

    /** Today's first lesson the user may write, else today's first one, else the next
     * lesson, else the last one. */
    findTodayColumn() {
        const isToday = (lesson) => lesson.date === this.today;
        let index = this.lessons.findIndex((lesson) => isToday(lesson) && lesson.editable);
        if (index === -1) {
            index = this.lessons.findIndex((lesson) => lesson.date >= this.today);
        }
        return index === -1 ? Math.max(0, this.lessons.length - 1) : index;
    }

    get columns() {
        return this.lessons.length;
    }

    index(row, column) {
        return row * this.lessons.length + column;
    }

    saved(index, field) {
        return this[field][index] || false;
    }

    value(index, field) {
        const change = this.pending.get(this.cellId[index]);
        return change && field in change ? change[field] : this.saved(index, field);
    }

    isPending(index, field) {
        const change = this.pending.get(this.cellId[index]);
        return Boolean(change && field in change);
    }

    /** Type `value` into a cell: a value equal to the recorded one is no change. */
    set(index, field, value, { notify = true } = {}) {
        const id = this.cellId[index];
        const change = { ...this.pending.get(id) };
        if ((value || false) === this.saved(index, field)) {
            delete change[field];
        } else {
            change[field] = value || false;
        }
        if (Object.keys(change).length) {
            this.pending.set(id, change);
        } else {
            this.pending.delete(id);
        }
        if (notify) {
            this.touch();
        }
    }

    /** The changes that will go with a reason: recorded values that change, and entries in
     * lessons that take them only with a reason (the server decides the same way). */
    countNeedingReason() {
        let count = 0;
        for (const [id, change] of this.pending) {
            const index = this.indexById.get(id);
            const lesson = this.lessons[index % this.lessons.length];
            for (const field of Object.keys(change)) {
                if (this.saved(index, field) || lesson.reason_required) {
                    count++;
                }
            }
        }
        return count;
    }

    discard() {
        this.pending.clear();
        this.ui.error = "";
        this.touch();
    }

    /**
     * Send every pending change in one call. On success the cells take the saved values and
     * their changes go (unless typed again meanwhile); when the server refuses, its message
     * is kept in `ui.error` and every change stays.
     * @returns {Promise<boolean>} whether it was saved
     */
    async save(reason) {
        if (!this.pending.size || this.ui.saving) {
            return !this.pending.size;
        }
        const sent = new Map(this.pending);
        const changes = [...sent].map(([id, change]) => ({ id, ...change }));
        this.ui.saving = true;
        this.ui.error = "";
        try {
            const rows = await this.orm.call("dpo.group", "dpo_journal_save", [
                [this.groupId],
                changes,
                reason || null,
            ]);
            for (const [id, presence, mark] of rows) {
                const index = this.indexById.get(id);
                if (index === undefined) {
                    continue;
                }
                this.presence[index] = presence;
                this.mark[index] = mark;
                if (this.pending.get(id) === sent.get(id)) {
                    this.pending.delete(id);
                }
            }
            return true;
        } catch (error) {
            if (error instanceof RPCError && error.exceptionName?.startsWith("odoo.exceptions.")) {
                this.ui.error = error.data.message;
                return false;
            }
            throw error;
        } finally {
            this.ui.saving = false;
            this.touch();
        }
    }

    touch() {
        this.ui.version++;
    }
}

const stores = new Map();

/** The watched part of every store, by group id: components subscribe with useState. */
export const journalUi = reactive({});

/** The store of a group's journal, made on first use. */
export function getJournalStore(orm, groupId) {
    if (!stores.has(groupId)) {
        stores.set(groupId, new JournalStore(orm, groupId));
    }
    return stores.get(groupId);
}

// Closing or reloading the browser tab with unsaved cells asks first, whichever screen is open.
window.addEventListener("beforeunload", (ev) => {
    if ([...stores.values()].some((store) => store.pending.size)) {
        ev.preventDefault();
        ev.returnValue = "";
    }
});
