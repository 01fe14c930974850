from odoo import api, fields, models
from odoo.exceptions import AccessError

from .dpo_document import FROZEN_FIELDS

# Module-private token of the historical import (wizards/dpo_document_import.py): a client
# cannot send this object, so only the import's own code creates issued documents this way.
_HISTORICAL_IMPORT = object()


class DpoDocument(models.Model):
    """Documents of a centre's historical issuance book, loaded as issued with their original
    registration numbers, blanks and dates."""

    _inherit = "dpo.document"

    imported = fields.Boolean(
        string="Imported from the Historical Book",
        readonly=True,
        copy=False,
        help="Issued before the centre used this system; loaded from its issuance book.",
    )

    def _get_signing_fields(self):
        return super()._get_signing_fields() | {"imported"}

    @api.model
    def _import_issued(self, vals_list, token):
        """Create issued documents as the historical book has them: each `vals` holds the
        draft's fields (`enrollment_id`, `document_kind`, `series`, `number`, `issue_date`), the
        frozen data and the registration number `name`. The numbering engine is not asked for
        numbers: the caller moves it past the imported ones (`dpo.numbering._raise_past`)."""
        if token is not _HISTORICAL_IMPORT:
            raise AccessError(
                self.env._("Issued documents are loaded only by the import of the historical book.")
            )
        issued_fields = set(FROZEN_FIELDS) | {"name"}
        drafts, issued = [], []
        for vals in vals_list:
            drafts.append({key: value for key, value in vals.items() if key not in issued_fields})
            issued.append({key: value for key, value in vals.items() if key in issued_fields})
        documents = self.create(drafts)
        now = fields.Datetime.now()
        for document, vals in zip(documents, issued, strict=True):
            document._write_signing(
                dict(vals, state="issued", imported=True, signed_by_id=self.env.uid, signed_date=now)
            )
        return documents
