from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDocumentDemo(TransactionCase):
    """The demo's issuance book, as the demo registrar finds it: documents issued from the demo
    protocol (one sent by Russian Post, one справка, one duplicate of a lost original), one blank
    spoiled; and every issued document passes the ФИС ФРДО validator of the export wizard, so the
    demo shows a file the register accepts, not a list of errors."""

    def test_demo_book(self):
        ref = self.env.ref
        protocol = ref("dpo_records.dpo_protocol_demo_pk")
        documents = self.env["dpo.document"].search([("protocol_id", "=", protocol.id)])
        self.assertEqual(set(documents.mapped("state")), {"issued"})
        self.assertIn("reference", documents.mapped("document_kind"))
        self.assertTrue(documents.filtered(lambda d: d.delivery_method == "post" and d.tracking_number))
        duplicate = documents.filtered(lambda d: d.status == "duplicate")
        self.assertEqual(len(duplicate), 1)
        self.assertTrue(duplicate.original_id.frdo_lost)
        spoiled = self.env["dpo.document.blank"].search(
            [("receipt_id", "=", ref("dpo_records.dpo_blank_receipt_demo_pk").id), ("state", "=", "spoiled")]
        )
        self.assertEqual(spoiled.mapped("spoil_reason"), ["Замят при печати в принтере"])
        # The programme's documents carry the recipient's higher / vocational education document.
        for document in documents.filtered(lambda d: d.document_kind == "certificate_pk"):
            self.assertTrue(document.education_doc_number, document.display_name)

    def test_demo_documents_pass_the_frdo_validator(self):
        registrar = self.env.ref("dpo_records.user_demo_specialist")
        documents = self.env["dpo.document"].search(
            [
                ("state", "=", "issued"),
                ("protocol_id", "=", self.env.ref("dpo_records.dpo_protocol_demo_pk").id),
            ]
        )
        dates = documents.mapped("issue_date")
        wizard = (
            self.env["dpo.frdo.export"]
            .with_user(registrar)
            .create(
                {
                    "company_id": documents.company_id.id,
                    "template": "dpo",
                    "date_from": min(dates),
                    "date_to": max(dates),
                    "only_not_exported": False,
                }
            )
        )
        wizard.action_export()
        messages = "\n".join(f"{error.registration_number}: {error.message}" for error in wizard.error_ids)
        self.assertEqual(wizard.state, "done", f"the demo's documents have FRDO errors:\n{messages}")
        self.assertFalse(wizard.error_ids)
        self.assertGreaterEqual(wizard.document_count, len(documents))
        exported = self.env["dpo.document"].search(
            [("frdo_export_attachment_id", "=", wizard.attachment_id.id)]
        )
        self.assertLessEqual(documents, exported)
