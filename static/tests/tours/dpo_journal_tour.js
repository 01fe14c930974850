import { registry } from "@web/core/registry";

// A teacher opens the journal of their group and marks a whole lesson in one save.
registry.category("web_tour.tours").add("dpo_records_journal_fill", {
    steps: () => [
        {
            content: "Open the journal of the group",
            trigger: ".o_form_view button[name='action_open_journal']",
            run: "click",
        },
        {
            content: "Иванов was present",
            trigger: ".o_field_x2many_2d_matrix tbody tr:contains(Иванов) td:eq(1) select",
            run: 'select "present"',
        },
        {
            content: "Петрова was absent",
            trigger: ".o_field_x2many_2d_matrix tbody tr:contains(Петрова) td:eq(1) select",
            run: 'select "absent"',
        },
        {
            content: "Save the lesson in one go",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The journal is saved",
            trigger: ".o_form_saved",
        },
    ],
});

// The teacher writes the lesson's topic; a recorded cell is changed only through
// «Correct», which asks for the reason.
registry.category("web_tour.tours").add("dpo_records_journal_correct", {
    steps: () => [
        {
            content: "The teacher writes the topic of the lesson",
            trigger: ".o_form_view div[name='topic'] input",
            run: "edit Вводное занятие",
        },
        {
            content: "Correct Петрова's recorded presence (the form is saved first)",
            trigger: ".o_field_one2many .o_data_row:contains(Петрова) button:has(.fa-pencil)",
            run: "click",
        },
        {
            content: "The learner turned out to be excused",
            trigger: ".modal div[name='presence'] select",
            run: 'select "excused"',
        },
        {
            content: "The reason of the correction",
            trigger: ".modal div[name='reason'] textarea",
            run: "edit Справка о болезни",
        },
        {
            content: "Record the correction",
            trigger: ".modal button[name='action_correct']",
            run: "click",
        },
        {
            content: "The lesson shows the corrected presence",
            trigger: "body:not(:has(.modal)) .o_data_row:contains(Петрова) td[name='presence']:contains(Уважительная причина)",
        },
    ],
});
