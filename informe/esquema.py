"""JSON Schema del archivo de una JLE, para que el editor valide y complete al escribir.

Es una ayuda para el editor; la validación que cuenta es la de `informe validar`
(el esquema no puede ver duplicados, fechas imposibles ni la historia).
"""

from __future__ import annotations

from . import catalogos as cat

_FECHA = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "Fecha AAAA-MM-DD."}
_TEXTO = {"type": "string", "minLength": 1}
_ESTATUS = {"enum": list(cat.ESTATUS), "description": "Estatus del acuerdo o medida."}


def esquema_jle() -> dict:
    entidades = sorted({n for e in cat.ENTIDADES for n in (e.nombre, e.corto, e.abreviatura, *e.alias)})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Informe mensual de una Junta Local Ejecutiva (INE)",
        "description": "Reuniones de la Mesa de Coordinación, acuerdos, seguimiento y medidas adicionales de seguridad.",
        "type": "object",
        "additionalProperties": False,
        "required": ["entidad", "periodo"],
        "properties": {
            "entidad": {"description": "Nombre de la entidad federativa.", "type": "string",
                        "examples": [e.corto for e in cat.ENTIDADES], "anyOf": [{"enum": entidades}, {"type": "string"}]},
            "periodo": {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$",
                        "description": "Mes en que se presenta el informe (AAAA-MM)."},
            "mesa": {"type": "object", "additionalProperties": False, "required": ["instalada"],
                     "properties": {"instalada": {"anyOf": [_FECHA, {"type": "null"}],
                                                  "description": "Fecha de instalación; null si la JLE aún no se incorpora."}}},
            "reuniones": {"type": ["array", "null"], "description": "Omitir = no reportado; [] = sin reuniones.",
                          "items": {"type": "object", "additionalProperties": False, "required": ["fecha"],
                                    "properties": {
                                        "fecha": _FECHA,
                                        "modalidad": {"enum": list(cat.MODALIDADES)},
                                        "asistentes": {"type": "integer", "minimum": 0},
                                        "temas": {"type": "array", "items": {
                                            "type": "object", "additionalProperties": False, "required": ["tipo"],
                                            "properties": {"tipo": {"enum": list(cat.TIPOS_TEMA)},
                                                           "descripcion": {"type": "string"}}}}}}},
            "acuerdos": {"type": ["array", "null"], "description": "Acuerdos tomados en el periodo.",
                         "items": {"type": "object", "additionalProperties": False, "required": ["descripcion"],
                                   "properties": {
                                       "id": {"type": "string", "pattern": r"^[A-Z]+-\d{4}-\d{2}-\d{3,}$",
                                              "description": "Lo asigna la herramienta; no lo escriba a mano."},
                                       "descripcion": _TEXTO, "estatus": _ESTATUS, "fecha": _FECHA}}},
            "seguimiento": {"type": ["array", "null"], "description": "Nuevo estatus de acuerdos de periodos anteriores.",
                            "items": {"type": "object", "additionalProperties": False,
                                      "required": ["acuerdo", "estatus"],
                                      "properties": {"acuerdo": {"type": "string", "pattern": r"^[A-Z]+-\d{4}-\d{2}-\d{3,}$"},
                                                     "estatus": _ESTATUS}}},
            "medidas": {"type": ["array", "null"], "description": "Medidas adicionales de seguridad (INE con el OPL).",
                        "items": {"type": "object", "additionalProperties": False, "required": ["descripcion"],
                                  "properties": {"descripcion": _TEXTO, "estatus": _ESTATUS}}},
        },
    }
