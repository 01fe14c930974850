import { Component, useRef, useState, onMounted } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";

/** Asks once, for a whole save, the reason of its corrections and late entries. */
export class JournalReasonDialog extends Component {
    static template = "dpo_records.JournalReasonDialog";
    static components = { Dialog };
    static props = {
        count: Number,
        confirm: Function,
        close: Function,
    };

    setup() {
        this.state = useState({ reason: "" });
        this.input = useRef("reason");
        onMounted(() => this.input.el.focus());
    }

    get title() {
        return _t("Reason of the correction");
    }

    get message() {
        return _t(
            "%(count)s of the changes correct recorded cells or are late entries. They go to the correction ledger with the reason, your name and the time.",
            { count: this.props.count }
        );
    }

    confirm() {
        const reason = this.state.reason.trim();
        if (!reason) {
            this.input.el.focus();
            return;
        }
        this.props.confirm(reason);
        this.props.close();
    }

    onKeydown(ev) {
        if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
            ev.preventDefault();
            this.confirm();
        }
    }
}
