"""Every refusal as one clear message in Chinese and English: JSON for the API, a page for the
browser. Nothing the client sent is echoed back (it may hold a personal value)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from workflow.errors import Refusal, WorkflowError

STATUS = {Refusal.invalid: 400, Refusal.unauthenticated: 401, Refusal.forbidden: 403, Refusal.not_found: 404, Refusal.conflict: 409,
          Refusal.limited: 429}
_HTTP_ZH = {
    400: ("请求内容无法解析", "the request body cannot be parsed (expected JSON, see /docs)"),
    404: ("无此地址", "no such address"),
    405: ("不支持该请求方法", "method not allowed"),
}


def install(app: FastAPI) -> None:
    app.add_exception_handler(WorkflowError, _workflow_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def refusal_response(request: Request, status: int, error: dict[str, str]) -> Response:
    if is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"error": error}, status_code=status, headers=headers)
    if status == 401:
        return RedirectResponse("/login", status_code=303)
    from service.pages import error_page

    return error_page(request, status, error)


async def _workflow_error(request: Request, exc: WorkflowError) -> Response:
    return refusal_response(request, STATUS[exc.kind], exc.as_json())


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    # FastAPI's default body repeats the input; name only where the problem is and what kind.
    problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['type']}" for e in exc.errors()[:5]]
    listed = "; ".join(problems)
    return refusal_response(request, 422, {"code": "malformed_request", "zh": f"请求格式有误：{listed}",
                                           "en": f"malformed request: {listed} (see /docs)"})


async def _http_error(request: Request, exc: HTTPException) -> Response:
    zh, en = _HTTP_ZH.get(exc.status_code, ("请求无法处理", "request cannot be served"))
    return refusal_response(request, exc.status_code, {"code": f"http_{exc.status_code}", "zh": zh, "en": en})
