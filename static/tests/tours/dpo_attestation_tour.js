import { registry } from "@web/core/registry";

// Selection options carry their key as a JSON string: `select "pass"` picks «Зачтено» (a label
// match would also hit «Не зачтено»).

// The examiner fills the draft statement of their subject and signs it.
registry.category("web_tour.tours").add("dpo_records_statement_sign", {
    steps: () => [
        {
            content: "Иванов's result",
            trigger: ".o_field_one2many .o_data_row:contains(Иванов) td[name='result']",
            run: "click",
        },
        {
            content: "Иванов passed",
            trigger: ".o_data_row.o_selected_row td[name='result'] select",
            run: 'select "pass"',
        },
        {
            content: "Петрова's result",
            trigger: ".o_field_one2many .o_data_row:contains(Петрова) td[name='result']",
            run: "click",
        },
        {
            content: "Петрова passed too",
            trigger: ".o_data_row.o_selected_row:contains(Петрова) td[name='result'] select",
            run: 'select "pass"',
        },
        {
            content: "Sign the statement (the form is saved first)",
            trigger: ".o_form_view button[name='action_sign']",
            run: "click",
        },
        {
            content: "Confirm: a signed statement cannot be changed",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The statement is signed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Подписан)",
        },
    ],
});

// The commission's secretary (here a specialist on their behalf) records the final results,
// signs the protocol and drafts the completion order from it.
registry.category("web_tour.tours").add("dpo_records_protocol_sign", {
    steps: () => [
        {
            content: "Иванов's final result",
            trigger: ".o_field_one2many .o_data_row:contains(Иванов) td[name='result']",
            run: "click",
        },
        {
            content: "Иванов passed",
            trigger: ".o_data_row.o_selected_row td[name='result'] select",
            run: 'select "passed"',
        },
        {
            content: "with 5",
            trigger: ".o_data_row.o_selected_row td[name='grade'] select",
            run: 'select "5"',
        },
        {
            content: "Петрова's final result",
            trigger: ".o_field_one2many .o_data_row:contains(Петрова) td[name='result']",
            run: "click",
        },
        {
            content: "Петрова failed",
            trigger: ".o_data_row.o_selected_row:contains(Петрова) td[name='result'] select",
            run: 'select "failed"',
        },
        {
            content: "with 2",
            trigger: ".o_data_row.o_selected_row:contains(Петрова) td[name='grade'] select",
            run: 'select "2"',
        },
        {
            content: "Sign the protocol",
            trigger: ".o_form_view button[name='action_sign']",
            run: "click",
        },
        {
            content: "Confirm: signing sets the final results",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Draft the completion order from the signed protocol",
            trigger: ".o_form_view button[name='action_draft_completion_order']",
            run: "click",
        },
        {
            content: "Only who passed is proposed",
            trigger: ".modal div[name='enrollment_ids']:not(:contains(Петрова)) .o_data_row:contains(Иванов)",
        },
        {
            content: "Draft the order",
            trigger: ".modal button[name='action_create_order']",
            run: "click",
        },
        {
            content: "The draft completion order lists who passed",
            trigger: "body:not(:has(.modal)) .o_form_view div[name='line_ids'] .o_data_row:contains(Иванов)",
        },
    ],
});
