"""Analysis of clearsim HDF5 result files (layout: docs/output.md).

    from clearsim_analysis import load
    results = load("out/tianjin.h5")
    results.containers          # one row per container, all regimes and replications

Modules: ``load`` (the reader), ``stages`` (Time Release Study stages per box), ``stats``
(per-replication statistics, Student-t intervals, paired regime differences), ``plots``
(figures; imported on first use so that importing the package does not load matplotlib).
"""
from .load import NO_VESSEL, Results, ResultsFileError, load
from .stages import STAGES, mean_stages, stage_durations
from .stats import compare, format_comparison, replication_statistics

__all__ = ["load", "Results", "ResultsFileError", "NO_VESSEL", "STAGES",
           "stage_durations", "mean_stages", "replication_statistics", "compare",
           "format_comparison", "plots"]


def __getattr__(name):
    if name == "plots":
        import importlib
        return importlib.import_module(".plots", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
