"""The module ``shequ worker`` hands to dramatiq: importing it declares every actor on the broker."""

from core.jobs._boot import boot

broker = boot()
