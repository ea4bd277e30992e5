"""Los apartados del *Informe de avances*, en el orden del informe publicado: número, título, la ranura
de la redacción del analista y las tablas que van en cada uno. Un apartado aparece si tiene texto, una
tabla o cifras (`especial`), o si los tiene alguno de sus subapartados.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Apartado:
    numero: str  # «2.1.4.»
    titulo: str
    ranura: str | None = None
    tablas: tuple[str, ...] = ()  # tipos de `esquemas.TABLAS`, en este orden, después del texto
    especial: str | None = None  # un bloque de cifras de la plantilla (glosario, recibidas, analisis, inetel)
    actividades: str | None = None  # la sección de `corte.yaml → actividades` que se lista aquí

    @property
    def nivel(self) -> int:
        return self.numero.count(".")

    @property
    def ancla(self) -> str:
        return "sec-" + self.numero.rstrip(".").replace(".", "-")


APARTADOS: tuple[Apartado, ...] = (
    Apartado("1.", "Presentación", "presentacion"),
    Apartado("2.", "Coordinación, seguimiento y evaluación"),
    Apartado("2.1.", "Secretaría Técnica de la CVMRE", "coordinacion"),
    Apartado("2.1.1.", "Preparación de acuerdos, documentos normativos y de seguimiento", "documentos_cvmre"),
    Apartado("2.1.2.", "Actividades de coordinación y seguimiento", "seguimiento"),
    Apartado("2.1.3.", "Actividades de acompañamiento de los partidos políticos", "partidos"),
    Apartado("2.1.4.", "Actividades de coordinación y seguimiento a través del GTVMRE", "gtvmre",
             actividades="coordinacion"),
    Apartado("2.1.4.1.", "Documentos normativos y de trabajo del VMRE para los PEL 2023-2024", "opl_documentos"),
    Apartado("2.1.4.2.", "Actividades de promoción del VMRE", "opl_promocion"),
    Apartado("2.1.4.3.", "Actividades asociadas a la conformación de la LNE-Extranjero", "opl_lne"),
    Apartado("2.1.4.4.", "Actividades asociadas al voto postal", "sobres", ("sobres_remitidos", "sobres_validados")),
    Apartado("3.", "Promoción del VMRE", "promocion", especial="glosario", actividades="promocion"),
    Apartado("3.1.", "Estrategia de difusión y campañas institucionales", "campanas"),
    Apartado("3.1.1.", "Acciones de difusión", "difusion", ("spots",)),
    Apartado("3.1.2.", "Estrategia digital", "digital", ("pauta_organica", "pauta_pagada")),
    Apartado("3.1.3.", "Acciones de educación electoral", "educacion"),
    Apartado("3.2.", "Estrategia de comunicación", "comunicacion"),
    Apartado("3.2.1.", "Materiales audiovisuales para plataformas digitales", "audiovisuales",
             ("audiovisuales", "animados")),
    Apartado("3.2.2.", "Publicaciones en plataformas digitales", "publicaciones", ("redes",)),
    Apartado("3.2.3.", "Agenda de entrevistas", "entrevistas", ("entrevistas",)),
    Apartado("3.2.4.", "Boletines de prensa", "boletines", ("boletines",)),
    Apartado("3.2.5.", "Pauta digital", "pauta_digital", ("pauta_digital",)),
    Apartado("3.2.6.", "Monitoreo sobre el VMRE", "monitoreo"),
    Apartado("3.3.", "Vinculación", "vinculacion"),
    Apartado("3.3.1.", "Vinculación institucional", "vinculacion_institucional", ("vinculacion_institucional",)),
    Apartado("3.3.2.", "Vinculación con la comunidad", "vinculacion_comunidad", ("vinculacion_comunidad",)),
    Apartado("3.3.3.", "Vinculación a través de plataformas digitales del VMRE", "vinculacion_digital"),
    Apartado("4.", "Registro y conformación de la LNE-Extranjero"),
    Apartado("4.1.", "Conformación de la LNE-Extranjero", "registro", actividades="registro"),
    Apartado("4.1.1.", "Solicitudes de Inscripción en la LNE-Extranjero recibidas", "recibidas", especial="recibidas"),
    Apartado("4.1.2.", "Análisis jurídico de las Solicitudes de Inscripción", "analisis", especial="analisis"),
    Apartado("4.2.", "SRVE", "srve"),
    Apartado("4.3.", "Atención a través de INETEL", "inetel", especial="inetel"),
    Apartado("5.", "Organización para la emisión del VMRE", "organizacion"),
    Apartado("5.1.", "Organización del VMRE bajo la modalidad postal"),
    Apartado("5.1.1.", "Logística postal", "postal", actividades="organizacion"),
    Apartado("5.1.2.", "Local Único", "local_unico"),
    Apartado("5.1.3.", "Documentación electoral", "documentacion"),
    Apartado("5.2.", "Organización del VMRE por medios electrónicos", "electronico"),
    Apartado("5.2.1.", "SIVEI", "sivei", ("sivei_calendario",)),
    Apartado("5.2.2.", "Auditoría del SIVEI", "auditoria"),
    Apartado("5.2.3.", "Generación de la documentación electoral para la modalidad electrónica por internet",
             "documentacion_electronica"),
    Apartado("5.3.", "Organización del VMRE bajo la modalidad presencial", "presencial"),
    Apartado("6.", "Capacitación electoral e integración de MEC", "capacitacion", ("materiales_capacitacion",),
             actividades="capacitacion"),
)

RANURAS: dict[str, str] = {a.ranura: f"{a.numero} {a.titulo}" for a in APARTADOS if a.ranura}
