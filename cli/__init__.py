"""The ``monoqala`` command: ``export`` and ``batch`` (views as files, :mod:`export`) and
``data`` (planners' datasets, :mod:`userdata`)."""
