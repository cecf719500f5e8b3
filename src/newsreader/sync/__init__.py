"""Sync with feed servers (Tiny Tiny RSS, Fever, Google Reader API, Miniflux): accounts, one client per
protocol behind `base.SyncClient`, and the engine that pushes queued local changes and pulls the server's.
"""
