"""A generated corpus of municipal acts with Spanish text: accents, plurals, numbers."""

from __future__ import annotations

import random

TEMAS = [
    ("comercio ambulatorio", "regula el comercio ambulatorio en la vía pública"),
    ("limpieza pública", "aprueba el servicio de limpieza pública y recojo de residuos sólidos"),
    ("tránsito", "regula el tránsito vehicular en el malecón de El Chaco"),
    ("turismo", "promueve el turismo sostenible en la Reserva Nacional de Paracas"),
    ("pesca artesanal", "reconoce a las asociaciones de pesca artesanal del distrito"),
    ("presupuesto participativo", "convoca al proceso del presupuesto participativo 2027"),
    ("licencias de funcionamiento", "simplifica las licencias de funcionamiento de bodegas"),
    ("arbitrios", "establece los arbitrios municipales del ejercicio fiscal"),
    ("defensa civil", "declara en emergencia la zona afectada por oleajes anómalos"),
    ("cementerio", "aprueba las tarifas del cementerio municipal"),
]
TIPOS = {
    "ORDENANZA": "ORDENANZA MUNICIPAL",
    "ACUERDO_CONCEJO": "ACUERDO DE CONCEJO",
    "DECRETO_ALCALDIA": "DECRETO DE ALCALDÍA",
    "RESOLUCION_ALCALDIA": "RESOLUCIÓN DE ALCALDÍA",
}


def corpus(n: int = 60, semilla: int = 2026) -> list[dict[str, str]]:
    azar = random.Random(semilla)
    documentos = []
    for i in range(n):
        tema, accion = TEMAS[i % len(TEMAS)]
        tipo = list(TIPOS)[i % len(TIPOS)]
        referencia = f"N° {i + 1:03d}-2025-MDP"
        # Informe numbers have three significant digits, so that they never meet a reference.
        texto = (
            f"{TIPOS[tipo]} {referencia}\n"
            f"El Concejo Municipal {accion}.\n"
            f"VISTO: el Informe Técnico N° {azar.randint(100, 999)}-2026-GDU sobre {tema}.\n"
            f"CONSIDERANDO: que las normas anteriores requieren actualización.\n"
            f"Expediente {10000 + i}."
        )
        documentos.append(
            {
                "tipo": tipo,
                "titulo": f"{tema.capitalize()}: {accion}",
                "resumen": f"Norma sobre {tema}",
                "texto": texto,
                "etiquetas": tema,
                "referencia": referencia,
            }
        )
    return documentos
