import {
    Component,
    onMounted,
    onPatched,
    onWillStart,
    onWillUpdateProps,
    useExternalListener,
    useRef,
    useState,
} from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import { getJournalStore, journalUi } from "./journal_store";
import { JournalReasonDialog } from "./reason_dialog";

// Sizes in pixels, kept in step with journal_grid.scss: only the rows and the columns in
// view are drawn, placed by these sizes.
const ROW_HEIGHT = 22;
const COLUMN_WIDTH = 44;
const NAME_WIDTH = 250;
const HEAD_HEIGHT = 52;
const OVERSCAN_ROWS = 4;
const OVERSCAN_COLUMNS = 2;
// The drawn window moves by blocks, so that most scroll events redraw nothing.
const ROW_BLOCK = 8 * ROW_HEIGHT;
const COLUMN_BLOCK = 4 * COLUMN_WIDTH;

// The letters of the paper journal (the printed journal uses the same).
const PRESENCE_TEXT = { present: "+", absent: "н", excused: "у", late: "о" };
const MARK_TEXT = { 5: "5", 4: "4", 3: "3", 2: "2", pass: "зач", fail: "незач" };
// Keys typed into a cell, Latin aliases for a keyboard without the Russian layout.
const PRESENCE_KEYS = {
    "+": "present",
    p: "present",
    н: "absent",
    n: "absent",
    у: "excused",
    u: "excused",
    о: "late",
    o: "late",
};
const MARK_KEYS = {
    five_point: { 5: "5", 4: "4", 3: "3", 2: "2" },
    pass_fail: { з: "pass", z: "pass", н: "fail", n: "fail" },
};

function shortDate(iso) {
    return `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
}

function longDate(iso) {
    return `${shortDate(iso)}.${iso.slice(0, 4)}`;
}

/**
 * The journal of a group as a grid of plain one-character cells: learners in rows (sticky
 * names), lessons in columns (sticky dates), keyboard first. `mode` chooses the presence or
 * the mark of the cells; both tabs share the same unsaved changes and one save sends them.
 */
export class JournalGrid extends Component {
    static template = "dpo_records.JournalGrid";
    static props = { ...standardWidgetProps, mode: { type: String, optional: true } };
    static defaultProps = { mode: "presence" };

    setup() {
        // The stores outlive this component (both tabs share them): they call the ORM
        // service itself, not the copy useService ties to this component's life.
        this.orm = this.env.services.orm;
        this.dialog = useService("dialog");
        this.scrollRef = useRef("scroll");
        getJournalStore(this.orm, this.props.record.resId);
        this.uiByGroup = useState(journalUi);
        this.state = useState({
            row: 0,
            column: 0,
            top: 0,
            left: 0,
            width: 1200,
            height: 600,
            hint: "",
            ready: false,
        });
        onWillStart(async () => {
            if (!this.store.loaded) {
                await this.store.load();
            } else if (!this.store.pending.size) {
                // Shown at once from what is known, refreshed behind.
                this.store.load();
            }
            this.state.column = this.store.todayColumn;
        });
        onMounted(() => {
            this.measure();
            this.scrollToCell({ column: "today" });
            // Keyboard first: the journal opens ready to type into today's lesson.
            this.scrollRef.el?.focus({ preventScroll: true });
            this.state.ready = true;
        });
        onWillUpdateProps(async (nextProps) => {
            const next = getJournalStore(this.orm, nextProps.record.resId);
            if (next !== this.store) {
                // Another group in the same form (the pager): its own store and cursor.
                if (!next.loaded) {
                    await next.load();
                }
                Object.assign(this.state, { row: 0, column: next.todayColumn, hint: "" });
                this.scrollToTodayAfterPatch = true;
            } else if (
                // Closing the journal changes who may write what: read the rules again.
                nextProps.record.data.journal_state !== this.props.record.data.journal_state &&
                !next.pending.size
            ) {
                await next.load();
            }
        });
        onPatched(() => {
            if (this.scrollToTodayAfterPatch) {
                this.scrollToTodayAfterPatch = false;
                this.measure();
                this.scrollToCell({ column: "today" });
            }
        });
        useExternalListener(window, "resize", () => this.measure());
        useSetupAction({ beforeLeave: () => this.beforeLeave() });
    }

    // ------------------------------------------------------------------ what is drawn

    get store() {
        return getJournalStore(this.orm, this.props.record.resId);
    }

    get ui() {
        return this.uiByGroup[this.props.record.resId];
    }

    get field() {
        return this.props.mode === "mark" ? "mark" : "presence";
    }

    get isPresence() {
        return this.field === "presence";
    }

    get keys() {
        return this.isPresence ? PRESENCE_KEYS : MARK_KEYS[this.store.gradingScale] || {};
    }

    get legend() {
        const texts = this.isPresence ? PRESENCE_TEXT : MARK_TEXT;
        const entries = this.isPresence ? this.store.presences : this.store.marks;
        return entries.map(([key, label]) => ({
            key,
            text: texts[key],
            label,
            className: `o_dpo_v_${key}`,
        }));
    }

    get keyHelp() {
        return this.isPresence
            ? _t("Type + н у о (or p n u o); arrows, Enter and Tab move; Delete clears an unsaved entry.")
            : this.store.gradingScale === "pass_fail"
            ? _t("Type з (pass) or н (fail); arrows, Enter and Tab move; Delete clears an unsaved entry.")
            : _t("Type 5 4 3 2; arrows, Enter and Tab move; Delete clears an unsaved entry.");
    }

    /** Whether the user may write some lesson of this journal (else no save buttons). */
    get canEdit() {
        return this.store.lessons.some((lesson) => lesson.editable) || this.pendingCount > 0;
    }

    get pendingCount() {
        return this.store.pending.size;
    }

    get heightStyle() {
        return `height: ${this.state.height}px;`;
    }

    /** The rows and columns in view (and a few around), and what each cell shows. */
    get view() {
        const store = this.store;
        void this.ui.version; // redrawn whenever the store changes
        const rows = store.learners.length;
        const columns = store.columns;
        const { top, left, width, height } = this.state;
        const firstRow = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN_ROWS);
        const lastRow = Math.min(
            rows,
            Math.ceil((top + ROW_BLOCK + height) / ROW_HEIGHT) + OVERSCAN_ROWS
        );
        const firstColumn = Math.max(0, Math.floor(left / COLUMN_WIDTH) - OVERSCAN_COLUMNS);
        const lastColumn = Math.min(
            columns,
            Math.ceil((left + COLUMN_BLOCK + width - NAME_WIDTH) / COLUMN_WIDTH) + OVERSCAN_COLUMNS
        );
        const field = this.field;
        const texts = this.isPresence ? PRESENCE_TEXT : MARK_TEXT;
        const heads = [];
        for (let c = firstColumn; c < lastColumn; c++) {
            const lesson = store.lessons[c];
            heads.push({
                column: c,
                lesson,
                day: shortDate(lesson.date),
                time: lesson.time,
                title: this.lessonTitle(lesson),
                className: this.columnClass(c, lesson),
            });
        }
        const lines = [];
        for (let r = firstRow; r < lastRow; r++) {
            const learner = store.learners[r];
            const cells = [];
            for (const head of heads) {
                const index = store.index(r, head.column);
                let className = head.className;
                let text = "";
                let title = "";
                if (!store.cellId[index]) {
                    className += " o_dpo_none";
                    title = _t("Not in the group on this date.");
                } else {
                    const value = store.value(index, field);
                    text = value ? texts[value] : "";
                    if (value) {
                        className += ` o_dpo_v_${value}`;
                    }
                    if (store.isPending(index, field)) {
                        className += " o_dpo_pending";
                        const saved = store.saved(index, field);
                        title = saved
                            ? _t("Not saved yet; recorded: %(value)s", { value: texts[saved] })
                            : _t("Not saved yet");
                    } else if (!head.lesson.editable) {
                        title = head.lesson.note;
                    }
                }
                if (r === this.state.row && head.column === this.state.column) {
                    className += " o_dpo_active";
                }
                cells.push({ column: head.column, text, title: title || undefined, className });
            }
            lines.push({
                row: r,
                number: r + 1,
                name: learner.name,
                title:
                    learner.state === "expelled"
                        ? _t("%(name)s (expelled)", { name: learner.name })
                        : learner.name,
                className:
                    (r === this.state.row ? " o_dpo_cross" : "") +
                    (learner.state === "expelled" ? " o_dpo_expelled" : ""),
                cells,
            });
        }
        return {
            width: NAME_WIDTH + columns * COLUMN_WIDTH,
            padLeft: firstColumn * COLUMN_WIDTH,
            padRight: (columns - lastColumn) * COLUMN_WIDTH,
            padTop: firstRow * ROW_HEIGHT,
            padBottom: (rows - lastRow) * ROW_HEIGHT,
            heads,
            lines,
        };
    }

    columnClass(column, lesson) {
        let className = "";
        if (lesson.date === this.store.today) {
            className += " o_dpo_today";
        }
        if (!lesson.editable) {
            className += " o_dpo_ro";
        } else if (lesson.reason_required) {
            className += " o_dpo_reason";
        }
        if (column === this.state.column) {
            className += " o_dpo_cross";
        }
        return className;
    }

    lessonTitle(lesson) {
        return [
            `${longDate(lesson.date)} ${lesson.time} — ${lesson.subject}`,
            lesson.teacher,
            lesson.topic,
            lesson.note,
        ]
            .filter(Boolean)
            .join("\n");
    }

    /** Where the cursor is, in words, for the toolbar. */
    get where() {
        const store = this.store;
        const lesson = store.lessons[this.state.column];
        const learner = store.learners[this.state.row];
        if (!lesson || !learner) {
            return "";
        }
        return `${longDate(lesson.date)} ${lesson.time} · ${lesson.subject} · ${learner.name}`;
    }

    // ------------------------------------------------------------------ scrolling

    measure() {
        const el = this.scrollRef.el;
        if (!el) {
            return;
        }
        // The grid takes the rest of the screen under it, so that the page needs no scrolling,
        // or less when its rows are few (the scroll bar and borders take about 20 pixels).
        const top = el.getBoundingClientRect().top;
        const rows = HEAD_HEIGHT + this.store.learners.length * ROW_HEIGHT + 20;
        this.state.height = Math.min(rows, Math.max(240, Math.floor(window.innerHeight - top - 24)));
        this.state.width = el.clientWidth || this.state.width;
    }

    onScroll() {
        const el = this.scrollRef.el;
        const top = Math.floor(el.scrollTop / ROW_BLOCK) * ROW_BLOCK;
        const left = Math.floor(el.scrollLeft / COLUMN_BLOCK) * COLUMN_BLOCK;
        if (top !== this.state.top) {
            this.state.top = top;
        }
        if (left !== this.state.left) {
            this.state.left = left;
        }
    }

    /** Scroll the active cell into view; `column: "today"` puts today's lesson near the left. */
    scrollToCell({ column } = {}) {
        const el = this.scrollRef.el;
        if (!el) {
            return;
        }
        const x = this.state.column * COLUMN_WIDTH;
        const y = this.state.row * ROW_HEIGHT;
        const viewWidth = el.clientWidth - NAME_WIDTH;
        const viewHeight = el.clientHeight - HEAD_HEIGHT;
        if (column === "today") {
            el.scrollLeft = Math.max(0, x - 4 * COLUMN_WIDTH);
        } else if (x < el.scrollLeft) {
            el.scrollLeft = x;
        } else if (x + COLUMN_WIDTH > el.scrollLeft + viewWidth) {
            el.scrollLeft = x + COLUMN_WIDTH - viewWidth;
        }
        if (y < el.scrollTop) {
            el.scrollTop = y;
        } else if (y + ROW_HEIGHT > el.scrollTop + viewHeight) {
            el.scrollTop = y + ROW_HEIGHT - viewHeight;
        }
        this.onScroll();
    }

    moveTo(row, column) {
        const rows = this.store.learners.length;
        const columns = this.store.columns;
        this.state.row = Math.min(Math.max(row, 0), Math.max(rows - 1, 0));
        this.state.column = Math.min(Math.max(column, 0), Math.max(columns - 1, 0));
        this.state.hint = "";
        this.scrollToCell();
    }

    move(rows, columns) {
        this.moveTo(this.state.row + rows, this.state.column + columns);
    }

    // ------------------------------------------------------------------ mouse

    onClick(ev) {
        const allPresent = ev.target.closest(".o_dpo_grid_all_present");
        const cell = ev.target.closest(".o_dpo_grid_cell");
        const head = ev.target.closest(".o_dpo_grid_col_head");
        if (allPresent) {
            this.fillPresent(Number(allPresent.dataset.column));
        } else if (cell) {
            this.moveTo(Number(cell.parentElement.dataset.row), Number(cell.dataset.column));
        } else if (head) {
            this.moveTo(this.state.row, Number(head.dataset.column));
        }
        this.scrollRef.el.focus({ preventScroll: true });
    }

    // ------------------------------------------------------------------ keyboard

    onKeydown(ev) {
        if (ev.isComposing) {
            return;
        }
        const key = ev.key;
        if ((ev.ctrlKey || ev.metaKey) && ["s", "S", "ы", "Ы"].includes(key)) {
            ev.preventDefault();
            this.save();
            return;
        }
        if (ev.ctrlKey || ev.metaKey || ev.altKey) {
            return; // Odoo's own shortcuts
        }
        const page = Math.max(1, Math.floor((this.state.height - HEAD_HEIGHT) / ROW_HEIGHT) - 1);
        switch (key) {
            case "ArrowUp":
                this.move(-1, 0);
                break;
            case "ArrowDown":
                this.move(1, 0);
                break;
            case "ArrowLeft":
                this.move(0, -1);
                break;
            case "ArrowRight":
                this.move(0, 1);
                break;
            case "Enter":
                this.move(ev.shiftKey ? -1 : 1, 0);
                break;
            case "Tab":
                this.move(0, ev.shiftKey ? -1 : 1);
                break;
            case "PageUp":
                this.move(-page, 0);
                break;
            case "PageDown":
                this.move(page, 0);
                break;
            case "Home":
                this.moveTo(this.state.row, 0);
                break;
            case "End":
                this.moveTo(this.state.row, this.store.columns - 1);
                break;
            case "Delete":
            case "Backspace":
                this.clearActive();
                break;
            default:
                if (key.length !== 1) {
                    return;
                }
                if (key !== " ") {
                    this.type(key);
                }
        }
        ev.preventDefault();
    }

    /** Why the active cell cannot be written, or "". */
    whyReadonly(index, lesson) {
        if (!this.store.cellId[index]) {
            return _t("%(learner)s is not in the group on %(date)s.", {
                learner: this.store.learners[this.state.row].name,
                date: longDate(lesson.date),
            });
        }
        return lesson.editable ? "" : lesson.note;
    }

    type(key) {
        const value = this.keys[key.toLowerCase()];
        if (!value) {
            this.state.hint = this.isPresence
                ? _t("«%(key)s» is not a presence: type + н у о (or p n u o).", { key })
                : _t("«%(key)s» is not a mark of the programme's scale: type %(keys)s.", {
                      key,
                      keys: this.store.gradingScale === "pass_fail" ? "з н" : "5 4 3 2",
                  });
            return;
        }
        const lesson = this.store.lessons[this.state.column];
        const index = this.store.index(this.state.row, this.state.column);
        const why = lesson && this.whyReadonly(index, lesson);
        if (!lesson || why) {
            this.state.hint = why || "";
            return;
        }
        this.state.hint = "";
        this.store.set(index, this.field, value);
        this.move(1, 0);
    }

    clearActive() {
        const lesson = this.store.lessons[this.state.column];
        const index = this.store.index(this.state.row, this.state.column);
        const why = lesson && this.whyReadonly(index, lesson);
        if (!lesson || why) {
            this.state.hint = why || "";
            return;
        }
        if (this.store.isPending(index, this.field)) {
            this.state.hint = "";
            this.store.set(index, this.field, this.store.saved(index, this.field));
        } else if (this.store.saved(index, this.field)) {
            this.state.hint = _t(
                "A recorded cell is not cleared: type the right value, it is saved as a correction with a reason."
            );
        }
    }

    /** «All present»: every empty presence of the lesson becomes present. */
    fillPresent(column) {
        const store = this.store;
        const lesson = store.lessons[column];
        if (!lesson.editable) {
            this.state.hint = lesson.note;
            return;
        }
        let count = 0;
        for (let row = 0; row < store.learners.length; row++) {
            const index = store.index(row, column);
            if (store.cellId[index] && !store.value(index, "presence")) {
                store.set(index, "presence", "present", { notify: false });
                count++;
            }
        }
        store.touch();
        this.state.hint = _t("%(count)s learners marked present on %(date)s.", {
            count,
            date: longDate(lesson.date),
        });
    }

    // ------------------------------------------------------------------ saving

    askReason(count) {
        return new Promise((resolve) => {
            this.dialog.add(
                JournalReasonDialog,
                { count, confirm: (reason) => resolve(reason) },
                { onClose: () => resolve(null) }
            );
        });
    }

    /** One call for every change typed; the reason is asked once when some need it. */
    async save() {
        const store = this.store;
        if (!store.pending.size || store.ui.saving) {
            return !store.pending.size;
        }
        let reason = null;
        const count = store.countNeedingReason();
        if (count) {
            reason = await this.askReason(count);
            if (!reason) {
                return false;
            }
        }
        const saved = await store.save(reason);
        if (saved) {
            this.state.hint = _t("Saved.");
            // The totals and the corrections of the other tabs follow.
            if (!this.props.record.dirty) {
                this.props.record.load();
            }
        }
        this.scrollRef.el?.focus({ preventScroll: true });
        return saved;
    }

    /** Read the journal again from the server, keeping what was typed. */
    async reload() {
        await this.store.load();
        this.store.ui.error = "";
        this.scrollRef.el?.focus({ preventScroll: true });
    }

    discard() {
        this.dialog.add(ConfirmationDialog, {
            body: _t("Discard the %(count)s unsaved cells?", { count: this.pendingCount }),
            confirm: () => {
                this.store.discard();
                this.state.hint = "";
            },
            cancel: () => {},
        });
    }

    /** Leaving the journal saves what was typed; a refused save keeps the user here. */
    async beforeLeave() {
        if (this.store.pending.size) {
            return this.save();
        }
    }
}

export const journalGrid = {
    component: JournalGrid,
    extractProps: ({ attrs }) => ({ mode: attrs.mode || "presence" }),
};

registry.category("view_widgets").add("dpo_journal_grid", journalGrid);
