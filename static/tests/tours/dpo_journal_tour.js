import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

const cell = (learner, column) =>
    `.o_dpo_grid_row:has(.o_dpo_grid_name:contains(${learner})) .o_dpo_grid_cell[data-column='${column}']`;

// A teacher opens the journal of their group and marks today's lesson (the first column)
// from the keyboard, in one save.
registry.category("web_tour.tours").add("dpo_records_journal_fill", {
    steps: () => [
        {
            content: "Open the journal of the group",
            trigger: ".o_form_view button[name='action_open_journal']",
            run: "click",
        },
        {
            content: "The grid opens on today's lesson, ready to type",
            trigger: ".o_dpo_grid[data-ready='1'] .o_dpo_grid_col_head.o_dpo_today",
        },
        {
            content: "Everybody was there: «all present» on today's lesson",
            trigger: ".o_dpo_grid_col_head.o_dpo_today .o_dpo_grid_all_present",
            run: "click",
        },
        {
            content: "Both learners are marked present, not saved yet",
            trigger: ".o_dpo_grid[data-pending='2'] " + cell("Петрова", 0) + ".o_dpo_pending:contains(+)",
        },
        {
            content: "Петрова's cell",
            trigger: cell("Петрова", 0),
            run: "click",
        },
        {
            content: "…was absent after all: «н»",
            trigger: ".o_dpo_grid_scroll",
            run: "press н",
        },
        {
            content: "A key that is not a presence is refused, with a hint",
            trigger: cell("Петрова", 0) + ":contains(н)",
            run: "press x",
        },
        {
            content: "The hint says what to type",
            trigger: ".o_dpo_grid_hint:contains(«x»)",
        },
        {
            content: "Save the lesson in one go",
            trigger: ".o_dpo_grid[data-pending='2'] .o_dpo_grid_save",
            run: "click",
        },
        {
            content: "The journal is saved",
            trigger: ".o_dpo_grid[data-pending='0'][data-saving='0'] " + cell("Петрова", 0) + ":not(.o_dpo_pending):contains(н)",
        },
        {
            content: "The marks of the lesson",
            trigger: ".o_notebook a[name='marks']",
            run: "click",
        },
        {
            content: "«з» (pass) is not on the five-point scale of this programme",
            trigger: ".o_dpo_grid[data-mode='mark'][data-ready='1'] .o_dpo_grid_scroll",
            run: "press з",
        },
        {
            content: "…refused with a hint, nothing typed",
            trigger: ".o_dpo_grid[data-mode='mark'][data-pending='0'] .o_dpo_grid_hint:contains(«з»)",
        },
    ],
});

// The next day the teacher corrects a recorded cell in the grid: the reason is asked once for
// the save. Meanwhile a cell is recorded from another tab: the server refuses the save that
// would overwrite it without a reason, and the grid keeps what was typed.
registry.category("web_tour.tours").add("dpo_records_journal_correct", {
    steps: () => [
        {
            content: "Open the journal of the group",
            trigger: ".o_form_view button[name='action_open_journal']",
            run: "click",
        },
        {
            content: "Иванов at the second lesson",
            trigger: ".o_dpo_grid[data-ready='1'] " + cell("Иванов", 1),
            run: "click",
        },
        {
            content: "…was present (Latin alias of «+»)",
            trigger: ".o_dpo_grid_scroll",
            run: "press p",
        },
        {
            content: "Meanwhile, another tab records Иванов at that lesson as absent",
            trigger: ".o_dpo_grid[data-pending='1']",
            async run() {
                const call = (model, method, args) =>
                    rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs: {} });
                const [groupId] = await call("dpo.group", "search", [[["name", "=", "T-01"]]]);
                const data = await call("dpo.group", "dpo_journal_data", [[groupId]]);
                const learner = data.learners.find((l) => l.name.startsWith("Иванов"));
                const [cellId] = data.cells.find(
                    ([, lessonId, enrollmentId]) =>
                        lessonId === data.lessons[1].id && enrollmentId === learner.id
                );
                await call("dpo.group", "dpo_journal_save", [[groupId], [{ id: cellId, presence: "absent" }]]);
            },
        },
        {
            content: "Save",
            trigger: ".o_dpo_grid_save",
            run: "click",
        },
        {
            content: "The server refuses: its message is shown and the typed cell is kept",
            trigger:
                ".o_dpo_grid_error:contains(give the reason), .o_dpo_grid_error:contains(укажите причину)",
        },
        {
            content: "…still unsaved",
            trigger: ".o_dpo_grid[data-pending='1'] " + cell("Иванов", 1) + ".o_dpo_pending:contains(+)",
        },
        {
            content: "Read the journal again, keeping the typed cells",
            trigger: ".o_dpo_grid_error .o_dpo_grid_reload",
            run: "click",
        },
        {
            content: "Петрова's recorded absence today",
            trigger: ".o_dpo_grid:not(:has(.o_dpo_grid_error)) " + cell("Петрова", 0) + ":contains(н)",
            run: "click",
        },
        {
            content: "…was excused: «у»",
            trigger: ".o_dpo_grid_scroll",
            run: "press у",
        },
        {
            content: "Save both",
            trigger: ".o_dpo_grid[data-pending='2'] .o_dpo_grid_save",
            run: "click",
        },
        {
            content: "The reason of the corrections, once",
            trigger: ".modal textarea.o_dpo_journal_reason",
            run: "edit Справка о болезни",
        },
        {
            content: "Save with the reason",
            trigger: ".modal .o_dpo_journal_reason_confirm:enabled",
            run: "click",
        },
        {
            content: "Saved: the corrected cells show their new values",
            trigger:
                "body:not(:has(.modal)) .o_dpo_grid[data-pending='0'][data-saving='0'] " +
                cell("Петрова", 0) +
                ":contains(у)",
        },
    ],
});

// The teacher writes the topic of their lesson on the lesson's form.
registry.category("web_tour.tours").add("dpo_records_lesson_topic", {
    steps: () => [
        {
            content: "The teacher writes the topic of the lesson",
            trigger: ".o_form_view div[name='topic'] input",
            run: "edit Вводное занятие",
        },
        {
            content: "Save the lesson",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The lesson is saved",
            trigger: ".o_form_saved",
        },
    ],
});
