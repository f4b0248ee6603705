"""Recogniser families; :func:`all_detectors` builds one of each."""

from __future__ import annotations

from masking.recognizers.addresses import AddressDetector
from masking.recognizers.base import Detector
from masking.recognizers.ids import BankCardDetector, ResidentIdDetector, TravelDocumentDetector, UsccDetector
from masking.recognizers.names import NameDetector
from masking.recognizers.network import NetworkDetector
from masking.recognizers.phones import LandlineDetector, MobileDetector
from masking.recognizers.plates import PlateDetector


def all_detectors() -> tuple[Detector, ...]:
    return (
        ResidentIdDetector(),
        UsccDetector(),
        BankCardDetector(),
        MobileDetector(),
        LandlineDetector(),
        TravelDocumentDetector(),
        PlateDetector(),
        NetworkDetector(),
        NameDetector(),
        AddressDetector(),
    )
