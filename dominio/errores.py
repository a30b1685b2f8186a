"""Domain errors. Each carries a stable `codigo` and a Spanish message for the user."""

from __future__ import annotations


class ErrorDominio(Exception):
    codigo = "error_dominio"

    def __init__(self, detalle: str) -> None:
        super().__init__(detalle)
        self.detalle = detalle


class TransicionNoPermitida(ErrorDominio):
    codigo = "transicion_no_permitida"


class DatoInvalido(ErrorDominio):
    codigo = "dato_invalido"


class NoEncontrado(ErrorDominio):
    codigo = "no_encontrado"


class FedatarioNoVigente(ErrorDominio):
    codigo = "fedatario_no_vigente"
