"""Analysis of clearsim HDF5 result files (layout: docs/output.md).

    from clearsim_analysis import load, compare
    results = load("out/tianjin.h5", columns=["direction", "overall_h"], counted=True)
    compare(results)            # per regime: mean, quantiles, intervals, paired differences

Modules: ``load`` (the reader: only what is asked), ``stages`` (the file's stages of the
overall time, per box), ``stats`` (per-replication statistics by group, Student-t
intervals, paired regime differences, the one quantile definition), ``report`` (the data
of a results brief), ``plots`` (figures; imported on first use so that importing the
package does not load matplotlib), ``experiments`` (sweep and attribution files, the
sensitivity chart and the waterfall; imported on first use too).
"""
from .load import NO_VESSEL, STAGES, NotLoadedError, Results, ResultsFileError, load
from .stages import mean_stages, stage_durations
from .stats import (QUANTILE_METHOD, compare, format_comparison, quantile,
                    replication_statistics, within)

__all__ = ["load", "Results", "ResultsFileError", "NotLoadedError", "NO_VESSEL", "STAGES",
           "stage_durations", "mean_stages", "replication_statistics", "compare",
           "format_comparison", "quantile", "within", "QUANTILE_METHOD", "plots", "report"]


def __getattr__(name):
    if name in ("plots", "report", "experiments"):
        import importlib
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
