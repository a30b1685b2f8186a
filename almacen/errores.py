"""Errors of the storage layer, mapped to HTTP by the service."""

from __future__ import annotations


class ErrorAlmacen(Exception):
    codigo = "error_almacen"

    def __init__(self, detalle: str) -> None:
        super().__init__(detalle)
        self.detalle = detalle


class PdfInvalido(ErrorAlmacen):
    codigo = "pdf_invalido"


class ArchivoDemasiadoGrande(ErrorAlmacen):
    codigo = "archivo_demasiado_grande"


class ArchivoNoEncontrado(ErrorAlmacen):
    codigo = "archivo_no_encontrado"


class AlmacenNoDisponible(ErrorAlmacen):
    codigo = "almacen_no_disponible"
