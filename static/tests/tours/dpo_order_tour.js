import { registry } from "@web/core/registry";

// A programme specialist drafts the enrolment order of a draft group in one click.
registry.category("web_tour.tours").add("dpo_records_order_draft", {
    steps: () => [
        {
            content: "Draft the enrolment order from the group",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Проект приказа о зачислении)",
            run: "click",
        },
        {
            content: "The wizard lists the draft enrolments",
            trigger: ".modal div[name='enrollment_ids'] .o_data_row:contains(Петрова)",
        },
        {
            content: "Draft the order",
            trigger: ".modal button[name='action_create_order']",
            run: "click",
        },
        {
            content: "The draft order holds the learners",
            trigger: "body:not(:has(.modal)) .o_form_view div[name='line_ids'] .o_data_row:contains(Петрова)",
        },
    ],
});

// The director signs it: the signed order is what enrols the learners.
registry.category("web_tour.tours").add("dpo_records_order_sign", {
    steps: () => [
        {
            content: "Sign the order",
            trigger: ".o_form_view button[name='action_sign']",
            run: "click",
        },
        {
            content: "Confirm: a signed order cannot be changed",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The order is signed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Подписан)",
        },
    ],
});
