import { FEDERATION_NAME } from '@newsroom/cms/federation'
import type { SiteSettings } from '~/lib/cms/settings.server'

/** The digits of a 公安备案 number (沪公网安备31010702001234号 → 31010702001234) for the registry's lookup URL. */
export function psbRecordCode(psb: string): string | null {
  const digits = psb.match(/\d{10,}/)?.[0]
  return digits ?? null
}

export function SiteFooter({ site }: { site?: SiteSettings }) {
  const siteName = site?.siteName ?? FEDERATION_NAME
  const contact = site?.contact
  const footer = site?.footer
  const psbCode = footer?.psb ? psbRecordCode(footer.psb) : null
  return (
    <footer className="site-footer">
      <div className="wrap footer-grid">
        <section aria-labelledby="footer-contact">
          <h2 id="footer-contact">{siteName}</h2>
          <address>
            {contact?.address ? <p>地址：{contact.address}</p> : null}
            {contact?.phone ? (
              <p>
                电话：<a href={`tel:${contact.phone.replace(/[^\d+-]/g, '')}`}>{contact.phone}</a>
              </p>
            ) : null}
            {contact?.email ? (
              <p>
                邮箱：<a href={`mailto:${contact.email}`}>{contact.email}</a>
              </p>
            ) : null}
          </address>
        </section>
        <nav aria-labelledby="footer-links">
          <h2 id="footer-links">网站导航</h2>
          <ul>
            <li>
              <a href="/about">联合会简介</a>
            </li>
            <li>
              <a href="/contact">联系我们</a>
            </li>
            <li>
              <a href="/subscribe">邮件订阅</a>
            </li>
            <li>
              <a href="/feed.xml">RSS 订阅</a>
            </li>
            <li>
              <a href="/topics">专题</a>
            </li>
          </ul>
        </nav>
      </div>
      <div className="wrap footer-legal">
        {footer?.copyright ? <p>{footer.copyright}</p> : <p>© {siteName}</p>}
        <p>
          {footer?.icp ? (
            <a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener noreferrer">
              {footer.icp}
            </a>
          ) : null}
          {footer?.psb ? (
            psbCode ? (
              <a
                href={`https://beian.mps.gov.cn/#/query/webSearch?code=${psbCode}`}
                target="_blank"
                rel="noopener noreferrer"
              >
                {footer.psb}
              </a>
            ) : (
              <span>{footer.psb}</span>
            )
          ) : null}
        </p>
      </div>
    </footer>
  )
}
