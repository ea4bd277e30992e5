-- En DOCX y PDF el índice lo genera el procesador (--toc): se quita el índice escrito del Markdown.
-- El pie «Fuente: …» (::: fuente) toma en el DOCX el estilo de párrafo «Fuente».
function Div(el)
  if el.classes:includes("indice") then
    return {}
  end
  if FORMAT == "docx" and el.classes:includes("fuente") then
    el.attributes["custom-style"] = "Fuente"
    return el
  end
end
