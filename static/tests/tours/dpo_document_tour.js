import { registry } from "@web/core/registry";

// The registrar (a programme specialist) issues the documents of a signed protocol, records
// that one was handed over in person, and prints the year's issuance book.
registry.category("web_tour.tours").add("dpo_records_document_issue", {
    steps: () => [
        {
            content: "Draft the documents from the signed protocol",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_draft_documents']",
            run: "click",
        },
        {
            content: "An удостоверение for who passed",
            trigger: ".o_list_view .o_data_row:contains(Иванов):contains(Удостоверение о повышении квалификации)",
        },
        {
            content: "A справка for who failed",
            trigger: ".o_list_view .o_data_row:contains(Петрова):contains(Справка об обучении)",
        },
        {
            content: "Select every draft",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Issue them",
            trigger: ".o_control_panel .o_list_buttons button[name='action_issue'], .o_list_view button[name='action_issue']",
            run: "click",
        },
        {
            content: "Both are issued, with their registration numbers",
            trigger: ".o_list_view .o_data_row:contains(Иванов):contains(Выдан)",
        },
        {
            content: "Open Иванов's удостоверение",
            trigger: ".o_list_view .o_data_row:contains(Иванов) td[name='recipient_name']",
            run: "click",
        },
        {
            content: "Handed over in person",
            trigger: ".o_form_view div[name='delivery_method'] select",
            run: 'select "in_person"',
        },
        {
            content: "The recipient signed the book",
            trigger: ".o_form_view div[name='signature_received'] input",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Open the documents menu",
            trigger: ".o_main_navbar .o_menu_sections button:contains(Документы об обучении)",
            run: "click",
        },
        {
            content: "Print the issuance book",
            trigger: ".dropdown-menu .dropdown-item:contains(Печать книги выдачи)",
            run: "click",
        },
        {
            content: "Volume 1 of this year",
            trigger: ".modal div[name='volume'] input",
            run: "edit 1",
        },
        {
            content: "Print",
            trigger: ".modal-footer button[name='action_print']",
            run: "click",
        },
        {
            content: "The book is printed and the dialog closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
