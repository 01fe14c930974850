from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .company_date import company_today
from .dpo_commission import APPOINTING

ORDER_TYPES = [
    ("organize", "Organisation of Training"),
    ("enroll", "Enrolment"),
    ("complete", "Completion of Training"),
    ("expel", "Expulsion"),
    ("commission", "Commission"),
]
# The enrolment state each order type moves its learners to, and the state they must be in.
TARGET_STATE = {"enroll": "enrolled", "complete": "completed", "expel": "expelled"}
REQUIRED_STATE = {"enroll": "draft", "complete": "enrolled", "expel": "enrolled"}


class DpoOrder(models.Model):
    _name = "dpo.order"
    _description = "Order"
    _check_company_auto = True
    _inherit = ["mail.thread", "mail.activity.mixin", "dpo.signed.document.mixin"]
    _order = "date desc, id desc"
    _signed_report = "dpo_records.action_report_dpo_order"

    name = fields.Char(
        string="Number", readonly=True, copy=False, tracking=True, help="Assigned when the order is signed."
    )
    order_type = fields.Selection(ORDER_TYPES, required=True, default="enroll", tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    group_id = fields.Many2one(
        "dpo.group",
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('company_id', '=', company_id)]",
        check_company=True,
    )
    program_id = fields.Many2one(related="group_id.program_id", string="Programme")
    basis = fields.Text(
        tracking=True,
        help="Documents the order is based on: contracts, applications, the protocol of the commission…",
    )
    line_ids = fields.One2many("dpo.order.line", "order_id", string="Learners", copy=True)
    line_count = fields.Integer(compute="_compute_line_count")
    # Composition of the commission a `commission` order appoints.
    commission_kind = fields.Selection(
        [("attestation", "Attestation Commission"), ("expert", "Expert Commission")], default="attestation"
    )
    commission_id = fields.Many2one(
        "dpo.commission",
        copy=False,
        help="Leave empty to create a new commission; choose one to change its composition.",
        check_company=True,
    )
    commission_chair_id = fields.Many2one("res.partner", string="Chair")
    commission_secretary_id = fields.Many2one("res.partner", string="Secretary")
    commission_member_ids = fields.Many2many(
        "res.partner",
        "dpo_order_commission_member_rel",
        "order_id",
        "partner_id",
        string="Members",
    )
    commission_date_from = fields.Date(string="Valid From")
    commission_date_to = fields.Date(string="Valid Until")

    _sql_constraints = [
        ("name_company_uniq", "UNIQUE(name, company_id)", "An order with this number already exists."),
    ]

    @api.depends("group_id")
    def _compute_company_id(self):
        for order in self:
            if order.group_id:
                order.company_id = order.group_id.company_id

    @api.depends("line_ids")
    def _compute_line_count(self):
        for order in self:
            order.line_count = len(order.line_ids)

    @api.depends("name", "order_type", "date")
    def _compute_display_name(self):
        labels = dict(self._fields["order_type"]._description_selection(self.env))
        for order in self:
            order.display_name = self.env._(
                "Order %(number)s (%(type)s)",
                number=order.name or self.env._("draft"),
                type=labels.get(order.order_type, ""),
            )

    @api.constrains("commission_date_from", "commission_date_to")
    def _check_commission_dates(self):
        for order in self:
            if (
                order.commission_date_to
                and order.commission_date_from
                and (order.commission_date_to < order.commission_date_from)
            ):
                raise ValidationError(
                    self.env._("A commission cannot be valid until a date before its start.")
                )

    # The archive: signed orders join the case of their order type's nomenclature line.

    def _get_archive_record_type(self):
        return "order"

    def _get_archive_order_type(self):
        self.ensure_one()
        return self.order_type

    @api.model
    def _archive_existing_records(self, company):
        return self.search([("company_id", "=", company.id), ("state", "!=", "draft")], order="date, id")

    # Messages of the signed document mechanism

    def _signed_write_message(self):
        return self.env._(
            "Order %(number)s is signed and cannot be changed: issue a new order to correct it.",
            number=self[:1].name,
        )

    def _signed_unlink_message(self):
        return self.env._(
            "Order %(number)s is signed: it is part of the individual record and cannot be deleted.",
            number=self[:1].name,
        )

    def _already_signed_message(self):
        return self.env._("Order %(number)s is already signed.", number=self[:1].name)

    def _get_numbering(self):
        self.ensure_one()
        return self.company_id, f"order.{self.order_type}", self.date

    # Actions

    def action_fill_lines(self):
        """Add to a draft order every learner of its group it may apply to."""
        for order in self:
            if order.state != "draft" or not order.group_id or order.order_type not in ("enroll", "complete"):
                continue
            enrollments = order._eligible_enrollments() - order.line_ids.enrollment_id
            order.line_ids = [Command.create({"enrollment_id": e.id}) for e in enrollments]
        return True

    def _eligible_enrollments(self):
        self.ensure_one()
        enrollments = self.group_id.enrollment_ids.filtered(
            lambda e: e.state == REQUIRED_STATE[self.order_type]
        )
        if self.order_type == "complete":
            enrollments = enrollments.filtered(lambda e: e.final_result not in ("failed", "absent"))
        return enrollments

    def action_sign(self):
        """Sign the orders: number them and apply them to the learners, all in one transaction."""
        if not (self.env.su or self.env.user.has_group("dpo_records.group_dpo_manager")):
            raise AccessError(self.env._("Only the director can sign orders."))
        for order in self.sorted(lambda o: (o.date, o.id)):
            order._check_signable()
            order._mark_signed()
            order._apply()
            order._store_signed_copy()
        return True

    def _check_signable(self):
        self.ensure_one()
        # The company's today, not the client's: a `tz` sent in the context would let an order
        # dated tomorrow be signed today.
        today = company_today(self.company_id)
        if self._is_signed_locked():
            raise UserError(self._already_signed_message())
        if self.date > today:
            raise UserError(
                self.env._(
                    "An order cannot be dated later than today (%(date)s).",
                    date=self.date.strftime("%d.%m.%Y"),
                )
            )
        if self.order_type == "commission":
            self._check_commission_composition()
            return
        if not self.group_id:
            raise UserError(self.env._("Choose the group the order is about."))
        if self.group_id.company_id != self.company_id:
            raise UserError(self.env._("The order and its group must belong to the same company."))
        if self.order_type == "organize":
            return
        if not self.line_ids:
            raise UserError(self.env._("The order has no learners: add at least one line before signing."))
        if self.order_type == "enroll" and self.date > self.group_id.date_end:
            raise UserError(
                self.env._(
                    "An enrolment order cannot be dated after the end of group %(group)s (%(end)s).",
                    group=self.group_id.name,
                    end=self.group_id.date_end.strftime("%d.%m.%Y"),
                )
            )
        seen = self.env["dpo.enrollment"]
        for line in self.line_ids:
            enrollment = line.enrollment_id
            if enrollment in seen:
                raise UserError(
                    self.env._(
                        "%(learner)s is listed twice in the order.", learner=enrollment.learner_id.name
                    )
                )
            seen |= enrollment
            if enrollment.group_id != self.group_id:
                raise UserError(
                    self.env._(
                        "%(learner)s is not in group %(group)s.",
                        learner=enrollment.learner_id.name,
                        group=self.group_id.name,
                    )
                )
            if self.order_type == "enroll" and enrollment.state != "draft":
                raise UserError(
                    self.env._(
                        "%(learner)s is already enrolled in group %(group)s.",
                        learner=enrollment.learner_id.name,
                        group=self.group_id.name,
                    )
                )
            if self.order_type in ("complete", "expel") and enrollment.state != "enrolled":
                raise UserError(
                    self.env._(
                        "%(learner)s is not enrolled in group %(group)s: only enrolled learners can "
                        "complete the training or be expelled.",
                        learner=enrollment.learner_id.name,
                        group=self.group_id.name,
                    )
                )
            if self.order_type == "complete" and enrollment.final_result in ("failed", "absent"):
                raise UserError(
                    self.env._(
                        "%(learner)s has not passed the final attestation and cannot complete the training.",
                        learner=enrollment.learner_id.name,
                    )
                )
            if self.order_type == "expel" and (
                not line.reason or (line.reason == "other" and not (line.reason_text or "").strip())
            ):
                raise UserError(
                    self.env._(
                        "Give the reason why %(learner)s is expelled.", learner=enrollment.learner_id.name
                    )
                )

    def _check_commission_composition(self):
        self.ensure_one()
        if not self.commission_chair_id or not self.commission_secretary_id:
            raise ValidationError(self.env._("A commission needs a chair and a secretary."))
        if not self.commission_date_from:
            raise UserError(self.env._("Give the date from which the commission is valid."))

    def _apply(self):
        """Do what the signed order orders."""
        self.ensure_one()
        if self.order_type in TARGET_STATE:
            for line in self.line_ids:
                line.enrollment_id._change_state(
                    TARGET_STATE[self.order_type],
                    date=self.date,
                    reason=line._reason_label() if self.order_type == "expel" else None,
                    order=self,
                )
        elif self.order_type == "commission":
            vals = {
                "kind": self.commission_kind,
                "chair_id": self.commission_chair_id.id,
                "secretary_id": self.commission_secretary_id.id,
                "member_ids": [Command.set(self.commission_member_ids.ids)],
                "date_from": self.commission_date_from,
                "date_to": self.commission_date_to,
                "order_id": self.id,
                "company_id": self.company_id.id,
                "group_id": self.group_id.id,
            }
            commission = self.env["dpo.commission"].with_context(dpo_commission_appointing=APPOINTING)
            if self.commission_id:
                self.commission_id.with_context(dpo_commission_appointing=APPOINTING).write(vals)
            else:
                commission = commission.create(vals)
                self._write_signing({"commission_id": commission.id})

    def _check_draft_lines(self):
        """Lines follow their order: none is added, changed or removed once it is signed."""
        signed = self.filtered(lambda order: order._is_signed_locked())
        if signed:
            raise UserError(signed._signed_write_message())

    # Printed form

    def _print_title(self):
        self.ensure_one()
        if self.order_type == "commission":
            if self.commission_kind == "expert":
                return self.env._("On the Composition of the Expert Commission")
            return self.env._("On the Composition of the Attestation Commission")
        return {
            "organize": self.env._("On the Organisation of Training"),
            "enroll": self.env._("On the Enrolment of Learners"),
            "complete": self.env._("On the Completion of Training and Expulsion of Learners upon Completion"),
            "expel": self.env._("On the Expulsion of Learners"),
        }[self.order_type]

    def _print_program_phrase(self):
        self.ensure_one()
        kind = self.group_id.program_id.program_kind
        if kind == "pk":
            return self.env._("the additional professional upskilling programme")
        if kind == "pp":
            return self.env._("the additional professional retraining programme")
        return self.env._("the vocational training programme")

    def _print_operative(self):
        self.ensure_one()
        if self.order_type == "commission":
            start = self.commission_date_from.strftime("%d.%m.%Y") if self.commission_date_from else "…"
            if self.commission_date_to:
                period = self.env._(
                    "for the period from %(start)s to %(end)s",
                    start=start,
                    end=self.commission_date_to.strftime("%d.%m.%Y"),
                )
            else:
                period = self.env._("for the period from %(start)s", start=start)
            if self.commission_kind == "expert":
                return self.env._(
                    "To appoint the expert commission %(period)s in the following composition:", period=period
                )
            if self.group_id:
                return self.env._(
                    "To appoint the attestation commission for the final attestation of the learners "
                    "of group %(group)s %(period)s in the following composition:",
                    group=self.group_id.name,
                    period=period,
                )
            return self.env._(
                "To appoint the attestation commission %(period)s in the following composition:",
                period=period,
            )
        group = self.group_id
        values = {
            "group": group.name,
            "program": self._print_program_phrase(),
            "name": group.program_id.name,
            "hours": group.hours,
            "start": group.date_start.strftime("%d.%m.%Y"),
            "end": group.date_end.strftime("%d.%m.%Y"),
            "date": self.date.strftime("%d.%m.%Y"),
        }
        return {
            "organize": self.env._(
                "To organise the training of group %(group)s under %(program)s «%(name)s» of %(hours)s hours "
                "from %(start)s to %(end)s.",
                **values,
            ),
            "enroll": self.env._(
                "To enrol the following persons in group %(group)s for training under %(program)s «%(name)s» "
                "of %(hours)s hours from %(start)s to %(end)s:",
                **values,
            ),
            "complete": self.env._(
                "To consider the following learners of group %(group)s as having completed the "
                "training under %(program)s «%(name)s» of %(hours)s hours, and to expel them upon "
                "completion of the training on %(date)s:",
                **values,
            ),
            "expel": self.env._(
                "To expel the following learners of group %(group)s, trained under %(program)s «%(name)s», "
                "before the completion of the training on %(date)s:",
                **values,
            ),
        }[self.order_type]

    def _print_acquainted(self):
        """Names of those who sign that they have read the order."""
        self.ensure_one()
        if self.order_type == "commission":
            partners = self.commission_chair_id | self.commission_member_ids | self.commission_secretary_id
            return partners.mapped("name")
        if self.order_type == "organize":
            return (self.group_id.head_id | self.group_id.teacher_ids).mapped("name")
        return self.line_ids.mapped("learner_name")

    @api.constrains("date")
    def _check_date_bounds(self):
        # Plausible order dates: not before 2000 (the register keeps nothing older) and at most
        # a year ahead of the company's today.
        earliest = fields.Date.to_date("2000-01-01")
        for order in self:
            latest = fields.Date.add(company_today(order.company_id), years=1)
            if not earliest <= order.date <= latest:
                raise ValidationError(
                    self.env._(
                        "An order must be dated between %(min)s and %(max)s.",
                        min=earliest.strftime("%d.%m.%Y"),
                        max=latest.strftime("%d.%m.%Y"),
                    )
                )
