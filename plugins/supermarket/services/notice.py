"""The public notice (公示) and the workbook: who gave and who received, names masked."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.localtime import LOCAL_TZ, as_utc
from core.people.models import Person, Unit
from core.privacy import mask_name
from plugins.supermarket.models import Txn
from plugins.supermarket.services.reconcile import Reconciliation
from plugins.supermarket.services.redemptions import RedemptionService
from plugins.supermarket.services.stock import StockService
from plugins.supermarket.vocab import label


async def masked_names(session: AsyncSession, person_ids) -> dict[int, str]:
    """Masked names of persons in scope (张*三), by id."""
    ids = sorted({p for p in person_ids if p is not None})
    if not ids:
        return {}
    rows = await session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
    return {pid: mask_name(name) for pid, name in rows.all()}


async def unit_names(session: AsyncSession, unit_ids) -> dict[int, str]:
    """Names of units in scope (organisations, shown in full), by id."""
    ids = sorted({u for u in unit_ids if u is not None})
    if not ids:
        return {}
    rows = await session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))
    return dict(rows.all())


async def notice(session: AsyncSession, start: date, end: date) -> dict[str, Any]:
    """Donations and issues of the local days ``start``–``end``, names masked."""
    donations = await StockService(session).donations(start, end)
    issues = await RedemptionService(session).list(start, end)
    items = {i.id: i for i in await StockService(session).items()}
    people = await masked_names(
        session, [d.donor_person_id for d in donations] + [r.person_id for r in issues]
    )
    units = await unit_names(session, [d.donor_unit_id for d in donations])

    def donor(d) -> str:
        if d.donor_kind == "person":
            return people.get(d.donor_person_id, "")
        if d.donor_kind == "unit":
            return units.get(d.donor_unit_id, "")
        return label("donor_kinds", "anonymous")

    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "donations": [
            {
                "id": d.id,
                "received_on": d.received_on.isoformat(),
                "donor": donor(d),
                "donor_kind": d.donor_kind,
                "item": items[d.item_id].name if d.item_id in items else "",
                "category": items[d.item_id].category if d.item_id in items else "",
                "quantity": d.quantity,
                "estimated_value": d.estimated_value,
            }
            for d in donations
        ],
        "issues": [
            {
                "id": r.id,
                "on": as_utc(r.at).astimezone(LOCAL_TZ).date().isoformat(),
                "recipient": people.get(r.person_id, ""),
                "item": items[r.item_id].name if r.item_id in items else "",
                "quantity": r.quantity,
                "points": r.points,
                "free": r.free,
            }
            for r in issues
        ],
    }


async def workbook(
    session: AsyncSession, org_name: str, start: date, end: date, rec: Reconciliation
) -> bytes:
    """The supermarket's ledgers of a period as an XLSX file (Chinese headers, names masked)."""
    data = await notice(session, start, end)
    book = Workbook()
    sheet = book.active
    sheet.title = label("export", "reconciliation")
    sheet.append([org_name, f"{start.isoformat()} – {end.isoformat()}"])
    for key, value in {**rec.stock, **rec.points}.items():
        sheet.append([key, value])
    for key, ok in rec.checks.items():
        sheet.append([key, "OK" if ok else "NOT BALANCED"])

    items = book.create_sheet(label("export", "items"))
    items.append(["编号", "物品", "类别", "积分价", "库存"])
    for item in await StockService(session).items():
        items.append(
            [item.id, item.name, label("categories", item.category), item.points, item.on_hand]
        )

    gifts = book.create_sheet(label("export", "donations"))
    gifts.append(["编号", "日期", "捐赠人", "物品", "数量", "估值（元）"])
    for d in data["donations"]:
        gifts.append(
            [d["id"], d["received_on"], d["donor"], d["item"], d["quantity"], d["estimated_value"]]
        )

    out = book.create_sheet(label("export", "issues"))
    out.append(["编号", "日期", "领取人", "物品", "数量", "积分", "免费"])
    for r in data["issues"]:
        out.append(
            [
                r["id"],
                r["on"],
                r["recipient"],
                r["item"],
                r["quantity"],
                r["points"],
                "是" if r["free"] else "",
            ]
        )

    ledger = book.create_sheet(label("export", "ledger"))
    ledger.append(["编号", "时间", "类型", "人员", "积分", "来源", "凭证", "事由"])
    txns = (await session.execute(select(Txn).order_by(Txn.id))).scalars().all()
    names = await masked_names(session, [t.person_id for t in txns])
    for t in txns:
        ledger.append(
            [
                t.id,
                as_utc(t.at).astimezone(LOCAL_TZ).replace(tzinfo=None),
                label("txn_kinds", t.kind),
                names.get(t.person_id, ""),
                t.points,
                t.source or "",
                t.ref or "",
                t.reason,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


__all__ = ["masked_names", "notice", "unit_names", "workbook"]
