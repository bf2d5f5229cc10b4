from rehearse.report.report import Report, to_json


class JsonWriter:
    def render(self, report: Report) -> str:
        return to_json(report)
