import re

from lxml import html as lxml_html

from odoo.tests import tagged

from .test_document import DocumentCase

HEADERS = [
    "Рег. №",
    "Дата выдачи",
    "Фамилия, имя, отчество получателя",
    "Вид документа",
    "Программа",
    "Объем, часов",
    "Серия и номер бланка",
    "Основание (протокол, приказ)",
    "Подпись получателя / отметка об отправке (дата, № квитанции)",
]


@tagged("post_install", "-at_install")
class TestIssuanceBookRows(DocumentCase):
    """Seed 000 §2.8–2.10, read in the printed issuance book as a registrar keeps it: each row
    holds the blank's number, the registration number, the issue date and the recipient's full
    name (§2.8); the recipient signs for the document in the book (§2.9); a document sent by
    courier or Russian Post has the dispatch date and the receipt's number in the book (§2.10)."""

    def _book_rows(self, documents):
        """{registration number: [the texts of the row's cells]} of the printed book, and its
        header's texts."""
        html = self._printed_html("dpo_records.action_report_dpo_document_book", documents)
        tree = lxml_html.fromstring(html)
        header = [" ".join(th.text_content().split()) for th in tree.xpath("//thead")[0].xpath(".//th")]
        rows = {
            row.get("data-number"): [" ".join(td.text_content().split()) for td in row.xpath("./td")]
            for row in tree.xpath("//tr[@data-number]")
        }
        return header, rows

    def test_book_row_holds_blank_registration_number_date_and_full_name(self):
        blanks = self._use_blanks(series="77 ПК")
        certificate, reference = self._issued()
        self.assertEqual(certificate.blank_id, blanks[0])
        header, rows = self._book_rows(certificate | reference)
        self.assertEqual(header, HEADERS)
        issued_on = self.today.strftime("%d.%m.%Y")
        row = dict(zip(HEADERS, rows[certificate.name], strict=True))
        self.assertEqual(row["Рег. №"], certificate.name)
        self.assertEqual(row["Дата выдачи"], issued_on)
        self.assertEqual(row["Фамилия, имя, отчество получателя"], "Иванов Пётр Сергеевич")
        self.assertEqual(row["Серия и номер бланка"], "77 ПК 000101")
        self.assertEqual(row["Вид документа"], "Удостоверение о повышении квалификации")
        self.assertEqual(
            row["Основание (протокол, приказ)"], f"протокол № {self.protocol.name} от 13.03.2026"
        )
        # A справка is printed without a blank: its number is its registration number.
        row = dict(zip(HEADERS, rows[reference.name], strict=True))
        self.assertEqual(
            (row["Рег. №"], row["Дата выдачи"], row["Фамилия, имя, отчество получателя"]),
            (reference.name, issued_on, "Петрова Мария"),
        )
        self.assertEqual(row["Серия и номер бланка"], reference.name)
        # The book keeps the name as issued, whatever the learner's record says later.
        self.learner.write({"last_name": "Смирнов"})
        _header, rows = self._book_rows(certificate)
        self.assertEqual(rows[certificate.name][2], "Иванов Пётр Сергеевич")

    def test_recipient_signs_in_the_book(self):
        certificate, reference = self._issued()
        certificate.with_user(self.specialist).write(
            {"delivery_method": "in_person", "signature_received": True}
        )
        reference.with_user(self.specialist).write(
            {"delivery_method": "proxy", "proxy_number": "77 АБ 1234567", "proxy_date": "2026-03-12"}
        )
        self.assertEqual(certificate.delivery_status, "delivered")
        header, rows = self._book_rows(certificate | reference)
        self.assertEqual(header[-1], "Подпись получателя / отметка об отправке (дата, № квитанции)")
        # Handed over in person: the cell is left for the recipient's signature.
        self.assertEqual(rows[certificate.name][-1], "")
        # By proxy: who signs does so on the power of attorney written in the cell.
        self.assertEqual(rows[reference.name][-1], "По доверенности № 77 АБ 1234567 от 12.03.2026")

    def test_dispatch_date_and_receipt_number_in_the_book(self):
        certificate, reference = self._issued()
        certificate.with_user(self.specialist).write(
            {"delivery_method": "courier", "dispatch_date": self.today, "tracking_number": "CDEK-1029384756"}
        )
        reference.with_user(self.specialist).write(
            {"delivery_method": "post", "dispatch_date": self.today, "tracking_number": "80099912345678"}
        )
        _header, rows = self._book_rows(certificate | reference)
        sent_on = self.today.strftime("%d.%m.%Y")
        self.assertEqual(
            rows[certificate.name][-1], f"Отправлен курьерской службой {sent_on}, квитанция № CDEK-1029384756"
        )
        self.assertEqual(
            rows[reference.name][-1], f"Отправлен Почтой России {sent_on}, квитанция № 80099912345678"
        )
        # Later the delivery is confirmed, in the same cell.
        reference.with_user(self.specialist).write({"delivery_confirmed_date": self.today})
        _header, rows = self._book_rows(reference)
        self.assertRegex(rows[reference.name][-1], re.escape(f"квитанция № 80099912345678; вручен {sent_on}"))
