"""Planners' own data: reading their files (``read``), keeping them (``store``), and a saved
dataset as a view draws on it (``datasets``). Not geography: the atlas (``geo``) sees a
dataset only through :class:`geo.supplied.Supplied`.
"""
