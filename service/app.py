"""The one HTTP app of the warehouse (`dw serve`): the problem-data API for business systems,
the officers' pages, and the API's documentation, all behind one authentication path
(``service/auth.py``). It only wires the workflow layer to HTTP; the rules live below it."""

from __future__ import annotations

from fastapi import FastAPI

from config.settings import Settings, load_settings
from service import api, docs, errors, pages, sharing_api, sharing_pages
from workflow.actors import Actor, Channel, Role
from workflow.context import Workflow, open_workflow
from workflow.privacy import personal_kinds
from workflow.tickets.transitions import refresh_estimated_deadlines
from workflow.units import SYSTEM_ACCOUNT, bureau_code

TITLE = "海曙区数据仓 问题数据接口 Haishu data warehouse: problem-data API"
DESCRIPTION = (
    "问题数据反馈（《海曙区公共数据管理暂行办法》第二十七、二十八条）。每个请求须携带本单位令牌："
    "`Authorization: Bearer <token>`（令牌由区大数据主管机构以 `dw unit token issue` 签发）。"
    "Problem-data feedback (Art. 27-28). Every request carries its unit's token as a bearer token; "
    "a unit sees and acts on only the tickets it reported or must fix, the bureau on all. "
    "Refusals are JSON `{\"error\": {\"code\", \"zh\", \"en\"}}` and change nothing."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    wf = open_workflow(settings or load_settings())
    _warm_up(wf)
    app = FastAPI(title=TITLE, description=DESCRIPTION, version="1", docs_url=None, redoc_url=None)
    app.state.wf = wf
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(sharing_api.router)  # sharing (issue 10)
    app.include_router(sharing_pages.router)
    docs.install(app)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, bool]:
        """Liveness, touching nothing: also the benchmark's baseline."""
        return {"ok": True}

    return app


def _warm_up(wf: Workflow) -> None:
    """Load the personal-data recognisers now, not in the first officer's request (about 2 s),
    and make deadlines estimated into a year the bureau has since described official."""
    personal_kinds("预热 warm-up")
    with wf.store.write() as session:
        system = Actor(bureau_code(session), Role.bureau, SYSTEM_ACCOUNT, Channel.system)
        refresh_estimated_deadlines(session, wf, system)
