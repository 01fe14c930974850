from odoo import api, models

from .company_date import company_today


class ReportDpoTranscript(models.AbstractModel):
    """«Выписка из учетной записи» (transcript): a learner's record in one enrolment — every
    subject of the curriculum with its hours, the intermediate result and the final result of
    the subject from the signed statements, the final attestation, the awards and the entries
    of optional carriers."""

    _name = "report.dpo_records.report_transcript"
    _description = "Transcript of a Learner's Record"

    @api.model
    def _transcript(self, enrollments):
        """{enrolment id: {rows, hours, final, final_statement, awards, carriers}}, read in a
        fixed number of queries for any number of enrolments."""
        intermediate = enrollments._subject_results(kinds=("intermediate",))
        final = enrollments._subject_results(kinds=("final",))
        final_statements = enrollments._final_statement_results()
        records = self._awards_and_carriers(enrollments)
        result = {}
        for enrollment in enrollments:
            subjects = enrollment.program_id.subject_ids
            result[enrollment.id] = {
                **records[enrollment.id],
                "rows": [
                    {
                        "subject": subject,
                        "intermediate": intermediate.get(enrollment.id, {}).get(subject),
                        "final": final.get(enrollment.id, {}).get(subject),
                    }
                    for subject in subjects
                ],
                "hours": sum(subjects.mapped("hours")),
                "final": enrollment.final_protocol_line_id,
                "final_statement": final_statements.get(enrollment.id),
            }
        return result

    @api.model
    def _awards_and_carriers(self, enrollments):
        """{enrolment id: {awards, carriers}}: the awards in force, and the entries of each
        carrier as [(carrier, entries)]; printed on the transcript and the attestation card."""
        awards = self.env["dpo.award"].search(
            [("enrollment_id", "in", enrollments.ids), ("corrected", "=", False)], order="date, id"
        )
        entries = self.env["dpo.record.carrier.entry"].search(
            [("enrollment_id", "in", enrollments.ids)], order="date, id"
        )
        result = {}
        for enrollment in enrollments:
            own_entries = entries.filtered(lambda entry, e=enrollment: entry.enrollment_id == e)
            result[enrollment.id] = {
                "awards": awards.filtered(lambda award, e=enrollment: award.enrollment_id == e),
                "carriers": [
                    (carrier, own_entries.filtered(lambda entry, c=carrier: entry.carrier_id == c))
                    # Archived carriers too: sorted by key, not searched again.
                    for carrier in own_entries.carrier_id.sorted(lambda c: (c.sequence, c.id))
                ],
            }
        return result

    @api.model
    def _get_report_values(self, docids, data=None):
        enrollments = self.env["dpo.enrollment"].browse(docids)
        return {
            "doc_ids": enrollments.ids,
            "doc_model": "dpo.enrollment",
            "docs": enrollments,
            "transcripts": self._transcript(enrollments),
            "today": {enrollment.id: company_today(enrollment.company_id) for enrollment in enrollments},
        }
